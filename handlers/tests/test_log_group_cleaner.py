"""Custom::LogGroupCleaner against moto's CloudWatch Logs: the log groups
Synthetics leaves behind are deleted, nothing else is touched."""
import boto3
import pytest
from moto import mock_aws

import log_group_cleaner as h
from conftest import REGION, assert_common, assert_failed

PREFIXES = ['/aws/lambda/cwsyn-dev-avail-', '/aws/lambda/cwsyn-dev-flow-']
CANARY_GROUPS = [
    '/aws/lambda/cwsyn-dev-avail-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b',
    '/aws/lambda/cwsyn-dev-avail-11111111-2222-3333-4444-555555555555',
    '/aws/lambda/cwsyn-dev-flow-66666666-7777-8888-9999-000000000000',
]
OTHER_GROUPS = [
    '/aws/lambda/cwsyn-dev-latency-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    '/aws/lambda/cwsyn-prod-avail-aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee',
    '/aws/lambda/tap-dev-empty-bucket',
]


@pytest.fixture
def logs():
    with mock_aws():
        c = boto3.client('logs', region_name=REGION)
        for g in CANARY_GROUPS + OTHER_GROUPS:
            c.create_log_group(logGroupName=g)
        yield c


def groups(logs):
    return sorted(g['logGroupName'] for page in logs.get_paginator(
        'describe_log_groups').paginate() for g in page['logGroups'])


def run(event, context, server):
    h.handler(event, context)
    body = server.only()
    assert_common(body, event)
    return body


def test_create_and_update_delete_nothing(logs, make_event, context,
                                          server):
    body = run(make_event('Create', {'LogGroupNamePrefixes': PREFIXES}),
               context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert body['PhysicalResourceId'] == 'log-groups:' + ','.join(PREFIXES)
    body = run(make_event('Update', {'LogGroupNamePrefixes': PREFIXES[:1]},
                          body['PhysicalResourceId']), context, server)
    assert body['PhysicalResourceId'] == 'log-groups:' + PREFIXES[0]
    assert groups(logs) == sorted(CANARY_GROUPS + OTHER_GROUPS)


def test_delete_removes_the_canary_log_groups_only(logs, make_event,
                                                   context, server):
    event = make_event('Delete', {'LogGroupNamePrefixes': PREFIXES}, 'pid')
    body = run(event, context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert body['PhysicalResourceId'] == 'pid'
    assert groups(logs) == sorted(OTHER_GROUPS)
    # a second delete (stack delete retried) finds nothing and succeeds
    assert run(event, context, server)['Status'] == 'SUCCESS'


def test_group_deleted_meanwhile_is_not_an_error(logs, make_event, context,
                                                 server, monkeypatch):
    real = boto3.client

    def client(name, *a, **kw):
        c = real(name, *a, **kw)
        orig = c.delete_log_group

        def delete_log_group(**kwargs):
            orig(**kwargs)
            return orig(**kwargs)  # second call: ResourceNotFoundException
        c.delete_log_group = delete_log_group
        return c
    monkeypatch.setattr(h.boto3, 'client', client)
    event = make_event('Delete', {'LogGroupNamePrefixes': PREFIXES[:1]}, 'p')
    assert run(event, context, server)['Status'] == 'SUCCESS'
    assert not [g for g in groups(logs) if g.startswith(PREFIXES[0])]


@pytest.mark.parametrize('prefixes', [
    None, [], 'not-a-list', ['/aws/lambda/'], ['/aws/lambda/cwsyn-'],
    ['/ecs/tap-dev/app'],
])
def test_missing_or_too_broad_prefixes_fail(logs, make_event, context,
                                            server, prefixes):
    props = {} if prefixes is None else {'LogGroupNamePrefixes': prefixes}
    event = make_event('Delete', props, 'pid')
    body = run(event, context, server)
    assert_failed(body, event, 'LogGroupNamePrefixes' if not isinstance(
        prefixes, list) or not prefixes else 'must start with')
    assert groups(logs) == sorted(CANARY_GROUPS + OTHER_GROUPS)


def test_failed_create_then_delete_succeeds(logs, make_event, context,
                                            server):
    event = make_event('Create', {'LogGroupNamePrefixes': ['/x']})
    body = run(event, context, server)
    assert_failed(body, event, 'must start with')
    assert body['PhysicalResourceId'].startswith(h.FAILED_ID)
    event = make_event('Delete', {}, body['PhysicalResourceId'])
    assert run(event, context, server)['Status'] == 'SUCCESS'


def test_unknown_request_type_fails(logs, make_event, context, server):
    event = make_event('Upsert', {'LogGroupNamePrefixes': PREFIXES}, 'p')
    assert_failed(run(event, context, server), event, "'Upsert'")


def test_unreachable_response_url_is_logged(logs, make_event, context,
                                            caplog):
    event = make_event('Create', {'LogGroupNamePrefixes': PREFIXES})
    event['ResponseURL'] = 'http://127.0.0.1:9/x'
    h.handler(event, context)
    assert 'Could not send the response' in caplog.text


def test_file_fits_inline_zipfile():
    with open(h.__file__, encoding='utf-8') as f:
        assert len(f.read()) <= 16384
