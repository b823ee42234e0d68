import json
import logging
import string

import boto3
import pytest
from moto import mock_aws

import secure_string_parameter as h
from conftest import ACCOUNT, REGION, assert_common, assert_failed

NAME = '/ha-app/db/password'
TYPE = 'Custom::SecureStringParameter'


@pytest.fixture
def ssm():
    with mock_aws():
        yield boto3.client('ssm', region_name=REGION)


@pytest.fixture
def key():
    kms = boto3.client('kms', region_name=REGION)
    return kms.create_key(Description='test')['KeyMetadata']['KeyId']


def run(event, context, server):
    h.handler(event, context)
    body = server.only()
    assert_common(body, event)
    return body


def describe(ssm, name):
    r = ssm.describe_parameters(
        ParameterFilters=[{'Key': 'Name', 'Values': [name]}])['Parameters']
    assert len(r) == 1
    return r[0]


def value(ssm, name):
    return ssm.get_parameter(Name=name, WithDecryption=True)['Parameter']


def create(ssm, key, make_event, context, server, **props):
    props = {'Name': NAME, 'KeyId': key, **props}
    body = run(make_event('Create', props, resource_type=TYPE), context,
               server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    return props, body


def test_create_makes_random_secure_string(ssm, key, make_event, context,
                                           server, caplog):
    caplog.set_level(logging.INFO)
    props, body = create(ssm, key, make_event, context, server,
                         Description='DB password', Length='40')
    assert body['PhysicalResourceId'] == NAME
    assert body['Data'] == {
        'ParameterName': NAME, 'Version': 1,
        'ParameterArn': f'arn:aws:ssm:{REGION}:{ACCOUNT}:parameter/ha-app/db/'
                        'password'}
    meta = describe(ssm, NAME)
    assert meta['Type'] == 'SecureString'
    assert meta['KeyId'] == key
    assert meta['Description'] == 'DB password'
    assert meta['Tier'] == 'Standard'
    secret = value(ssm, NAME)['Value']
    assert len(secret) == 40
    assert set(secret) <= set(string.ascii_letters + string.digits)
    # the value never leaves the handler: not in the response, not in logs
    assert secret not in json.dumps(body)
    assert secret not in caplog.text
    assert 'Deleted' not in caplog.text and 'Put ' + NAME in caplog.text


def test_default_length_and_values_are_random(ssm, key, make_event, context,
                                              server):
    create(ssm, key, make_event, context, server)
    create(ssm, key, make_event, context, server, Name='other')
    a, b = value(ssm, NAME)['Value'], value(ssm, 'other')['Value']
    assert len(a) == len(b) == 32
    assert a != b


def test_arn_for_name_without_slash_and_other_partition(ssm, key, make_event,
                                                        context, server):
    event = make_event('Create', {'Name': 'plain', 'KeyId': key,
                                  'Length': 16})
    event['StackId'] = event['StackId'].replace('arn:aws:', 'arn:aws-cn:')
    body = run(event, context, server)
    assert body['Data']['ParameterArn'] == (
        f'arn:aws-cn:ssm:{REGION}:{ACCOUNT}:parameter/plain')
    assert len(value(ssm, 'plain')['Value']) == 16


def test_update_keeps_value_and_bumps_version(ssm, key, make_event, context,
                                              server):
    props, _ = create(ssm, key, make_event, context, server)
    before = value(ssm, NAME)
    key2 = boto3.client('kms', region_name=REGION).create_key()[
        'KeyMetadata']['KeyId']
    new = dict(props, KeyId=key2, Description='rotated key', Length='64')
    body = run(make_event('Update', new, NAME, props), context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert body['PhysicalResourceId'] == NAME
    assert body['Data']['Version'] == 2
    after = value(ssm, NAME)
    assert after['Value'] == before['Value']
    assert after['Version'] == before['Version'] + 1
    meta = describe(ssm, NAME)
    assert meta['KeyId'] == key2 and meta['Description'] == 'rotated key'
    assert before['Value'] not in json.dumps(body)
    body = run(make_event('Update', new, NAME, new), context, server)
    assert body['Data']['Version'] == 3


def test_update_recreates_missing_parameter(ssm, key, make_event, context,
                                            server):
    props, _ = create(ssm, key, make_event, context, server)
    old = value(ssm, NAME)['Value']
    ssm.delete_parameter(Name=NAME)
    body = run(make_event('Update', props, NAME, props), context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert body['Data']['Version'] == 1
    assert value(ssm, NAME)['Value'] != old


def test_name_change_gives_new_physical_id_then_delete_old(
        ssm, key, make_event, context, server):
    props, _ = create(ssm, key, make_event, context, server)
    new = dict(props, Name='/ha-app/db/password2')
    body = run(make_event('Update', new, NAME, props), context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert body['PhysicalResourceId'] == '/ha-app/db/password2'
    assert body['Data']['Version'] == 1
    assert value(ssm, '/ha-app/db/password2')['Value'] != value(
        ssm, NAME)['Value']
    # CloudFormation then deletes the old physical resource
    body = run(make_event('Delete', props, NAME), context, server)
    assert body['Status'] == 'SUCCESS' and body['PhysicalResourceId'] == NAME
    with pytest.raises(ssm.exceptions.ParameterNotFound):
        ssm.get_parameter(Name=NAME)
    assert value(ssm, '/ha-app/db/password2')


def test_name_change_to_existing_parameter_fails_keeping_old_id(
        ssm, key, make_event, context, server):
    props, _ = create(ssm, key, make_event, context, server)
    ssm.put_parameter(Name='taken', Value='x', Type='String')
    event = make_event('Update', dict(props, Name='taken'), NAME, props)
    body = run(event, context, server)
    assert_failed(body, event, 'ParameterAlreadyExists')
    assert body['PhysicalResourceId'] == NAME
    assert value(ssm, 'taken')['Value'] == 'x'


def test_delete_removes_parameter_and_is_idempotent(ssm, key, make_event,
                                                    context, server):
    props, _ = create(ssm, key, make_event, context, server)
    for _ in range(2):
        body = run(make_event('Delete', props, NAME), context, server)
        assert body['Status'] == 'SUCCESS', body['Reason']
        assert body['PhysicalResourceId'] == NAME
        with pytest.raises(ssm.exceptions.ParameterNotFound):
            ssm.get_parameter(Name=NAME)


def test_create_over_existing_parameter_fails_and_rollback_keeps_it(
        ssm, key, make_event, context, server):
    ssm.put_parameter(Name=NAME, Value='precious', Type='String')
    event = make_event('Create', {'Name': NAME, 'KeyId': key})
    body = run(event, context, server)
    assert_failed(body, event, 'ParameterAlreadyExists')
    assert body['PhysicalResourceId'].startswith(h.FAILED_ID)
    # rollback: Delete with the failed physical id must not touch NAME
    body = run(make_event('Delete', {'Name': NAME, 'KeyId': key},
                          body['PhysicalResourceId']), context, server)
    assert body['Status'] == 'SUCCESS'
    assert value(ssm, NAME)['Value'] == 'precious'


@pytest.mark.parametrize('props,word', [
    ({'KeyId': 'alias/x'}, 'Name'),
    ({'Name': NAME}, 'KeyId'),
    ({'Name': NAME, 'KeyId': ''}, 'KeyId'),
    ({'Name': NAME, 'KeyId': 'k', 'Length': '15'}, 'Length'),
    ({'Name': NAME, 'KeyId': 'k', 'Length': 129}, 'Length'),
    ({'Name': NAME, 'KeyId': 'k', 'Length': 'long'}, 'Length'),
    ({'Name': NAME, 'KeyId': 'k', 'Length': None}, 'Length'),
])
def test_bad_input_fails_naming_property(ssm, make_event, context, server,
                                         props, word):
    event = make_event('Create', props)
    body = run(event, context, server)
    assert_failed(body, event, 'property ' + word)
    assert ssm.describe_parameters()['Parameters'] == []


def test_bad_input_on_update_keeps_physical_id(ssm, key, make_event, context,
                                               server):
    props, _ = create(ssm, key, make_event, context, server)
    event = make_event('Update', {'Name': NAME}, NAME, props)
    body = run(event, context, server)
    assert_failed(body, event, 'property KeyId')
    assert body['PhysicalResourceId'] == NAME


def test_unknown_request_type_and_aws_errors_fail(ssm, key, make_event,
                                                  context, server):
    event = make_event('Upsert', {'Name': NAME, 'KeyId': key}, NAME)
    assert_failed(run(event, context, server), event, "'Upsert'")
    # an AWS error (reserved name prefix) is reported with its code
    event = make_event('Create', {'Name': 'awsReserved', 'KeyId': key})
    assert_failed(run(event, context, server), event, 'Create failed',
                  'ValidationException')


def test_missing_request_type_still_responds(ssm, make_event, context,
                                             server):
    event = make_event('Create', {})
    del event['RequestType']
    body = run(event, context, server)
    assert body['Status'] == 'FAILED' and 'KeyError' in body['Reason']


def test_unreachable_response_url_is_logged_not_raised(ssm, key, make_event,
                                                       context, caplog):
    event = make_event('Create', {'Name': NAME, 'KeyId': key})
    event['ResponseURL'] = 'http://127.0.0.1:9/unreachable'
    h.handler(event, context)
    assert 'Could not send the response' in caplog.text
    assert value(ssm, NAME)


def test_file_fits_inline_zipfile_limit():
    with open(h.__file__, encoding='utf-8') as f:
        assert len(f.read()) <= 4096
