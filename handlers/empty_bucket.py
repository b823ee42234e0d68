"""Custom::EmptyBucket: on Delete, removes every object version and delete
marker of BucketName so CloudFormation can then delete the versioned bucket."""
import json
import logging
import urllib.request

import boto3
from botocore.exceptions import ClientError

log = logging.getLogger()
log.setLevel(logging.INFO)
FAILED_ID = 'create-failed-'
BATCH = 1000  # delete_objects accepts at most 1000 keys per call


def handler(event, context):
    log.info('Event: %s', json.dumps(
        {k: v for k, v in event.items() if k != 'ResponseURL'}, default=str))
    status, reason = 'SUCCESS', 'OK'
    pid = event.get('PhysicalResourceId')
    try:
        pid = process(event)
    except Exception as e:
        log.exception('Request failed')
        status = 'FAILED'
        reason = (f"{event.get('RequestType')} failed: {type(e).__name__}: "
                  f"{e}"[:900] + ' - see CloudWatch log stream '
                  + str(context.log_stream_name))
        pid = pid or FAILED_ID + str(event.get('RequestId'))
    send(event, status, reason, pid, {})


def process(event):
    kind = event['RequestType']
    pid = event.get('PhysicalResourceId') or ''
    if kind == 'Delete' and pid.startswith(FAILED_ID):
        log.info('Create had failed: nothing to empty')
        return pid
    bucket = (event.get('ResourceProperties') or {}).get('BucketName')
    if not bucket:
        raise ValueError('property BucketName is required')
    if kind == 'Delete':
        empty(bucket)
        return pid
    if kind not in ('Create', 'Update'):
        raise ValueError(f'unknown RequestType {kind!r}')
    log.info('%s: nothing to do for bucket %s', kind, bucket)
    return bucket


def empty(bucket):
    s3 = boto3.client('s3')
    total = 0
    while True:
        # Deleted versions vanish from the listing, so each round lists the
        # next page from the start instead of following (deleted) markers.
        try:
            page = s3.list_object_versions(Bucket=bucket, MaxKeys=BATCH)
        except ClientError as e:
            if e.response['Error']['Code'] != 'NoSuchBucket':
                raise
            log.info('Bucket %s does not exist: nothing to empty', bucket)
            return
        objs = [{'Key': o['Key'], 'VersionId': o['VersionId']}
                for o in page.get('Versions', []) + page.get('DeleteMarkers',
                                                             [])]
        for i in range(0, len(objs), BATCH):
            batch = objs[i:i + BATCH]
            errors = s3.delete_objects(Bucket=bucket, Delete={
                'Objects': batch, 'Quiet': True}).get('Errors')
            if errors:
                raise RuntimeError(
                    f'{len(errors)} of {len(batch)} object versions in '
                    f'{bucket} could not be deleted, e.g. ' + '; '.join(
                        f"{x.get('Key')} ({x.get('VersionId')}): "
                        f"{x.get('Code')} {x.get('Message')}"
                        for x in errors[:3]))
            total += len(batch)
            log.info('Deleted %d object versions (%d so far) from %s',
                     len(batch), total, bucket)
        if not page.get('IsTruncated'):
            log.info('Bucket %s is empty (%d deleted)', bucket, total)
            return


def send(event, status, reason, pid, data):
    body = json.dumps({
        'Status': status, 'Reason': reason, 'PhysicalResourceId': pid,
        'StackId': event.get('StackId'), 'RequestId': event.get('RequestId'),
        'LogicalResourceId': event.get('LogicalResourceId'), 'Data': data,
    }).encode()
    log.info('Responding %s (%s): %s', status, pid, reason)
    try:
        req = urllib.request.Request(
            event.get('ResponseURL'), data=body, method='PUT',
            headers={'Content-Type': ''})
        with urllib.request.urlopen(req, timeout=30) as r:
            log.info('Response sent: HTTP %s', r.status)
    except Exception:
        log.exception('Could not send the response')
