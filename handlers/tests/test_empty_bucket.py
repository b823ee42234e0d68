import boto3
import pytest
from moto import mock_aws

import empty_bucket as h
from conftest import REGION, assert_common, assert_failed

BUCKET = 'ha-app-logs'


@pytest.fixture
def s3():
    with mock_aws():
        c = boto3.client('s3', region_name=REGION)
        c.create_bucket(Bucket=BUCKET)
        c.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={
            'Status': 'Enabled'})
        yield c


@pytest.fixture
def calls(monkeypatch):
    """Records the size of every delete_objects batch the handler sends."""
    sizes = []
    real = boto3.client

    def client(name, *a, **kw):
        c = real(name, *a, **kw)
        orig = c.delete_objects

        def delete_objects(**kwargs):
            sizes.append(len(kwargs['Delete']['Objects']))
            return orig(**kwargs)
        c.delete_objects = delete_objects
        return c
    monkeypatch.setattr(h.boto3, 'client', client)
    return sizes


def run(event, context, server):
    h.handler(event, context)
    body = server.only()
    assert_common(body, event)
    return body


def listing(s3):
    r = s3.list_object_versions(Bucket=BUCKET)
    return r.get('Versions', []) + r.get('DeleteMarkers', [])


def test_create_and_update_do_nothing(s3, make_event, context, server):
    s3.put_object(Bucket=BUCKET, Key='keep', Body=b'1')
    body = run(make_event('Create', {'BucketName': BUCKET}), context, server)
    assert body['Status'] == 'SUCCESS'
    assert body['PhysicalResourceId'] == BUCKET and body['Data'] == {}
    event = make_event('Update', {'BucketName': 'other'}, BUCKET,
                       {'BucketName': BUCKET})
    body = run(event, context, server)
    assert body['Status'] == 'SUCCESS' and body['PhysicalResourceId'] == 'other'
    assert len(listing(s3)) == 1


def test_delete_empties_versioned_bucket_in_batches(s3, calls, make_event,
                                                    context, server):
    # 700 keys x 2 versions + 700 delete markers = 2100 entries
    for i in range(700):
        for v in (b'a', b'b'):
            s3.put_object(Bucket=BUCKET, Key=f'k/{i:04d}', Body=v)
        s3.delete_object(Bucket=BUCKET, Key=f'k/{i:04d}')
    r = s3.list_object_versions(Bucket=BUCKET, MaxKeys=5000)
    assert len(r['Versions']) == 1400 and len(r['DeleteMarkers']) == 700
    body = run(make_event('Delete', {'BucketName': BUCKET}, BUCKET), context,
               server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert body['PhysicalResourceId'] == BUCKET
    assert listing(s3) == []
    assert sum(calls) == 2100 and len(calls) >= 3
    assert calls == [1000, 1000, 100]
    s3.delete_bucket(Bucket=BUCKET)  # CloudFormation can now delete it


def test_pages_larger_than_a_batch_are_split(s3, calls, monkeypatch,
                                             make_event, context, server):
    # S3 pages never exceed MaxKeys=1000; simulate pages of 5 with a batch
    # limit of 2 to prove a page is never sent in one oversized call
    for i in range(5):
        s3.put_object(Bucket=BUCKET, Key=f'k{i}', Body=b'x')
    for i in range(2):
        s3.delete_object(Bucket=BUCKET, Key=f'k{i}')
    monkeypatch.setattr(h, 'BATCH', 2)
    client = h.boto3.client

    def five_per_page(name, *a, **kw):
        c = client(name, *a, **kw)
        orig = c.list_object_versions
        c.list_object_versions = lambda **k: orig(**dict(k, MaxKeys=5))
        return c
    monkeypatch.setattr(h.boto3, 'client', five_per_page)
    body = run(make_event('Delete', {'BucketName': BUCKET}, BUCKET), context,
               server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert calls == [2, 2, 1, 2]
    assert listing(s3) == []


def test_delete_of_missing_bucket_succeeds(s3, make_event, context, server):
    body = run(make_event('Delete', {'BucketName': 'gone'}, 'gone'), context,
               server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert body['PhysicalResourceId'] == 'gone'


def test_delete_of_empty_bucket_succeeds(s3, calls, make_event, context,
                                         server):
    body = run(make_event('Delete', {'BucketName': BUCKET}, BUCKET), context,
               server)
    assert body['Status'] == 'SUCCESS' and calls == []


def test_delete_reports_object_errors(s3, monkeypatch, make_event, context,
                                      server):
    s3.put_object(Bucket=BUCKET, Key='locked', Body=b'x')
    real = boto3.client

    def client(name, *a, **kw):
        c = real(name, *a, **kw)
        c.delete_objects = lambda **kw: {'Errors': [
            {'Key': o['Key'], 'VersionId': o['VersionId'],
             'Code': 'AccessDenied', 'Message': 'Access Denied'}
            for o in kw['Delete']['Objects']]}
        return c
    monkeypatch.setattr(h.boto3, 'client', client)
    event = make_event('Delete', {'BucketName': BUCKET}, BUCKET)
    body = run(event, context, server)
    assert_failed(body, event, '1 of 1 object versions', 'locked',
                  'AccessDenied')
    assert body['PhysicalResourceId'] == BUCKET


def test_other_listing_errors_fail(s3, monkeypatch, make_event, context,
                                   server):
    from botocore.exceptions import ClientError
    real = boto3.client

    def client(name, *a, **kw):
        c = real(name, *a, **kw)

        def boom(**kw):
            raise ClientError({'Error': {'Code': 'AccessDenied',
                                         'Message': 'nope'}},
                              'ListObjectVersions')
        c.list_object_versions = boom
        return c
    monkeypatch.setattr(h.boto3, 'client', client)
    event = make_event('Delete', {'BucketName': BUCKET}, BUCKET)
    assert_failed(run(event, context, server), event, 'AccessDenied')


@pytest.mark.parametrize('kind', ['Create', 'Update', 'Delete'])
def test_missing_bucket_name_fails(s3, make_event, context, server, kind):
    event = make_event(kind, {}, None if kind == 'Create' else BUCKET)
    body = run(event, context, server)
    assert_failed(body, event, 'property BucketName')
    if kind == 'Create':
        assert body['PhysicalResourceId'].startswith(h.FAILED_ID)
        # the rollback Delete of the failed Create succeeds without work
        event = make_event('Delete', {}, body['PhysicalResourceId'])
        body = run(event, context, server)
        assert body['Status'] == 'SUCCESS'
    else:
        assert body['PhysicalResourceId'] == BUCKET


def test_unknown_request_type_fails(s3, make_event, context, server):
    event = make_event('Upsert', {'BucketName': BUCKET}, BUCKET)
    assert_failed(run(event, context, server), event, "'Upsert'")


def test_unreachable_response_url_is_logged(s3, make_event, context, caplog):
    event = make_event('Create', {'BucketName': BUCKET})
    event['ResponseURL'] = 'http://127.0.0.1:9/x'
    h.handler(event, context)
    assert 'Could not send the response' in caplog.text


def test_file_fits_inline_zipfile_limit():
    with open(h.__file__, encoding='utf-8') as f:
        assert len(f.read()) <= 4096
