"""Custom::BackupVaultCleaner: on Delete, deletes every recovery point in
BackupVaultName so CloudFormation can then delete the vault."""
import json
import logging
import time
import urllib.request

import boto3

log = logging.getLogger()
log.setLevel(logging.INFO)
FAILED_ID = 'create-failed-'
MARGIN_MS = 60000  # stop this long before the Lambda timeout
WAIT_S = 5  # deletion is asynchronous: pause before listing again


def handler(event, context):
    log.info('Event: %s', json.dumps(
        {k: v for k, v in event.items() if k != 'ResponseURL'}, default=str))
    status, reason = 'SUCCESS', 'OK'
    pid = event.get('PhysicalResourceId')
    try:
        pid = process(event, context)
    except Exception as e:
        log.exception('Request failed')
        status = 'FAILED'
        reason = (f"{event.get('RequestType')} failed: {type(e).__name__}: "
                  f"{e}"[:900] + ' - see CloudWatch log stream '
                  + str(context.log_stream_name))
        pid = pid or FAILED_ID + str(event.get('RequestId'))
    send(event, status, reason, pid, {})


def process(event, context):
    kind = event['RequestType']
    pid = event.get('PhysicalResourceId') or ''
    if kind == 'Delete' and pid.startswith(FAILED_ID):
        log.info('Create had failed: nothing to clean')
        return pid
    vault = (event.get('ResourceProperties') or {}).get('BackupVaultName')
    if not vault:
        raise ValueError('property BackupVaultName is required')
    if kind == 'Delete':
        clean(vault, context)
        return pid
    if kind not in ('Create', 'Update'):
        raise ValueError(f'unknown RequestType {kind!r}')
    log.info('%s: nothing to do for vault %s', kind, vault)
    return vault


def clean(vault, context):
    b = boto3.client('backup')
    pages = b.get_paginator('list_recovery_points_by_backup_vault')
    while True:
        try:
            points = [p for page in pages.paginate(BackupVaultName=vault)
                      for p in page['RecoveryPoints']]
        except b.exceptions.ResourceNotFoundException:
            log.info('Vault %s does not exist: nothing to clean', vault)
            return
        if not points:
            log.info('Vault %s is empty', vault)
            return
        log.info('%d recovery points in %s', len(points), vault)
        if context.get_remaining_time_in_millis() < MARGIN_MS:
            raise RuntimeError(
                f'{len(points)} recovery points remain in backup vault '
                f'{vault} (Lambda time ran out); '
                'delete the stack again to resume')
        for p in points:
            if context.get_remaining_time_in_millis() < MARGIN_MS:
                break
            if p.get('Status') != 'DELETING':
                delete(b, vault, p['RecoveryPointArn'])
        time.sleep(WAIT_S)


def delete(b, vault, arn):
    try:
        b.delete_recovery_point(BackupVaultName=vault, RecoveryPointArn=arn)
        log.info('Deleting recovery point %s', arn)
    except b.exceptions.ResourceNotFoundException:
        log.info('Recovery point %s is already gone', arn)
    except b.exceptions.InvalidRequestException as e:
        log.info('Disassociating %s (continuous?): %s', arn, e)
        b.disassociate_recovery_point(
            BackupVaultName=vault, RecoveryPointArn=arn)


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
