"""Custom::BackupVaultCleaner: on Delete, after the backed-up resources are
gone, empties BackupVaultName so CloudFormation can delete the vault, and
deletes the manual snapshots of DbClusterIdentifier (the final snapshot of
DeletionPolicy Snapshot) - only when DeleteRecoveryPoints is 'true'. With
'false' (production) nothing is deleted: a vault that still holds recovery
points fails the delete with how to keep them or to delete them."""
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
    props = event.get('ResourceProperties') or {}
    vault = props.get('BackupVaultName')
    if not vault:
        raise ValueError('property BackupVaultName is required')
    delete = str(props.get('DeleteRecoveryPoints', 'false')).lower()
    if delete not in ('true', 'false'):
        raise ValueError(
            f'DeleteRecoveryPoints must be true or false, not {delete!r}')
    if kind == 'Delete':
        if delete == 'true':
            clean(vault, context)
            if props.get('DbClusterIdentifier'):
                snapshots(props['DbClusterIdentifier'], context)
        else:
            keep(vault, event.get('LogicalResourceId'))
        return pid
    if kind not in ('Create', 'Update'):
        raise ValueError(f'unknown RequestType {kind!r}')
    log.info('%s: nothing to do for vault %s', kind, vault)
    return vault


def listing(b, vault):
    pages = b.get_paginator('list_recovery_points_by_backup_vault')
    try:
        return [p for page in pages.paginate(BackupVaultName=vault)
                for p in page['RecoveryPoints']]
    except b.exceptions.ResourceNotFoundException:
        log.info('Vault %s does not exist', vault)
        return []


def keep(vault, logical_id):
    n = len(listing(boto3.client('backup'), vault))
    log.info('DeleteRecoveryPoints=false: keeping %d recovery points and '
             'the final snapshots', n)
    if n:
        raise RuntimeError(
            f'{n} recovery points kept in backup vault {vault} '
            '(DeleteBackupsOnDestroy=false), so the vault cannot be deleted. '
            'To keep them, delete the stack again with --retain-resources '
            f'{logical_id} BackupVault Key; to delete them, update the stack '
            'with DeleteBackupsOnDestroy=true and delete it again')


def clean(vault, context):
    b = boto3.client('backup')
    while True:
        points = listing(b, vault)
        if not points:
            log.info('Vault %s is empty', vault)
            return
        log.info('%d recovery points in %s', len(points), vault)
        check_time(context, f'{len(points)} recovery points remain in '
                            f'backup vault {vault}')
        for p in points:
            if context.get_remaining_time_in_millis() < MARGIN_MS:
                break
            if p.get('Status') != 'DELETING':
                delete_point(b, vault, p['RecoveryPointArn'])
        time.sleep(WAIT_S)


def check_time(context, what):
    if context.get_remaining_time_in_millis() < MARGIN_MS:
        raise RuntimeError(f'{what} (Lambda time ran out); '
                           'delete the stack again to resume')


def delete_point(b, vault, arn):
    try:
        b.delete_recovery_point(BackupVaultName=vault, RecoveryPointArn=arn)
        log.info('Deleting recovery point %s', arn)
    except b.exceptions.ResourceNotFoundException:
        log.info('Recovery point %s is already gone', arn)
    except b.exceptions.InvalidRequestException as e:
        log.info('Disassociating %s (continuous?): %s', arn, e)
        b.disassociate_recovery_point(
            BackupVaultName=vault, RecoveryPointArn=arn)


def snapshots(cluster, context):
    """Deletes the cluster's manual snapshots (DeletionPolicy Snapshot)."""
    rds = boto3.client('rds')
    pages = rds.get_paginator('describe_db_cluster_snapshots')
    while True:
        snaps = [s for page in pages.paginate(
            DBClusterIdentifier=cluster, SnapshotType='manual')
            for s in page['DBClusterSnapshots']]
        if not snaps:
            log.info('No manual snapshot of %s left', cluster)
            return
        check_time(context, f'{len(snaps)} snapshots of {cluster} remain')
        for s in snaps:
            sid = s['DBClusterSnapshotIdentifier']
            if s.get('Status') == 'available':
                log.info('Deleting snapshot %s', sid)
                rds.delete_db_cluster_snapshot(
                    DBClusterSnapshotIdentifier=sid)
            else:
                log.info('Snapshot %s is %s', sid, s.get('Status'))
        time.sleep(WAIT_S)


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
