"""moto 5.2.5 has no AWS Backup recovery points (no start_backup_job,
list_recovery_points_by_backup_vault, delete_recovery_point or
disassociate_recovery_point), so the backup and rds clients are botocore
Stubbers: each test scripts the exact AWS calls and responses it expects, in
order."""
import boto3
import pytest
from botocore.stub import Stubber

import backup_vault_cleaner as h
from conftest import ACCOUNT, REGION, Context, assert_common, assert_failed

VAULT = 'ha-app-vault'
LIST = 'list_recovery_points_by_backup_vault'


def rp(n, status='COMPLETED'):
    return {'RecoveryPointArn': f'arn:aws:backup:{REGION}:{ACCOUNT}:'
            f'recovery-point:rp-{n}', 'BackupVaultName': VAULT,
            'Status': status}


CLUSTER = 'tap-dev-aurora'
# Recovery-point ARNs are the backed-up service's own ARNs (AWS Backup):
AURORA_RP = (f'arn:aws:rds:{REGION}:{ACCOUNT}:cluster-snapshot:awsbackup:'
             'job-0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b')
DYNAMODB_RP = (f'arn:aws:dynamodb:{REGION}:{ACCOUNT}:table/tap-dev-sessions/'
               'backup/01700000000000-a1b2c3d4')


@pytest.fixture
def clients(monkeypatch):
    made = {n: boto3.client(n, region_name=REGION) for n in ('backup', 'rds')}
    stubbers = {n: Stubber(c) for n, c in made.items()}
    monkeypatch.setattr(h.boto3, 'client', lambda name, *a, **k: made[name])
    for s in stubbers.values():
        s.activate()
    yield stubbers
    for s in stubbers.values():
        s.deactivate()
        s.assert_no_pending_responses()


@pytest.fixture
def stub(clients):
    return clients['backup']


@pytest.fixture
def rds(clients):
    return clients['rds']


@pytest.fixture
def sleeps(monkeypatch):
    s = []
    monkeypatch.setattr(h.time, 'sleep', s.append)
    return s


def listed(stub, *pages):
    """Scripts one full paginated listing made of the given pages."""
    for i, points in enumerate(pages):
        resp = {'RecoveryPoints': points}
        params = {'BackupVaultName': VAULT}
        if i:
            params['NextToken'] = f't{i}'
        if i < len(pages) - 1:
            resp['NextToken'] = f't{i + 1}'
        stub.add_response(LIST, resp, params)


def deleted(stub, point):
    stub.add_response('delete_recovery_point', {}, {
        'BackupVaultName': VAULT, 'RecoveryPointArn': point[
            'RecoveryPointArn']})


def run(event, context, server):
    h.handler(event, context)
    body = server.only()
    assert_common(body, event)
    return body


def delete_event(make_event, **extra):
    return make_event('Delete', dict({'BackupVaultName': VAULT,
                                      'DeleteRecoveryPoints': 'true'},
                                     **extra), VAULT)


def test_create_and_update_do_nothing(stub, make_event, context, server):
    body = run(make_event('Create', {'BackupVaultName': VAULT}), context,
               server)
    assert body['Status'] == 'SUCCESS'
    assert body['PhysicalResourceId'] == VAULT and body['Data'] == {}
    body = run(make_event('Update', {'BackupVaultName': 'v2'}, VAULT),
               context, server)
    assert body['Status'] == 'SUCCESS' and body['PhysicalResourceId'] == 'v2'


def test_delete_deletes_all_recovery_points_across_pages(
        stub, sleeps, make_event, context, server):
    pts = [rp(i) for i in range(5)]
    listed(stub, pts[:3], pts[3:])
    for p in pts:
        deleted(stub, p)
    # deletion is asynchronous: the next listing still shows some DELETING
    listed(stub, [rp(0, 'DELETING'), rp(4, 'DELETING')])
    listed(stub, [])
    body = run(delete_event(make_event), context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert body['PhysicalResourceId'] == VAULT
    assert sleeps == [h.WAIT_S, h.WAIT_S]


def test_continuous_recovery_point_is_disassociated(stub, sleeps, make_event,
                                                    context, server):
    cont, snap, gone = rp('continuous'), rp(1), rp(2)
    listed(stub, [cont, snap, gone])
    stub.add_client_error(
        'delete_recovery_point', 'InvalidRequestException',
        'continuous backup recovery points cannot be deleted', 400,
        expected_params={'BackupVaultName': VAULT,
                         'RecoveryPointArn': cont['RecoveryPointArn']})
    stub.add_response('disassociate_recovery_point', {}, {
        'BackupVaultName': VAULT,
        'RecoveryPointArn': cont['RecoveryPointArn']})
    deleted(stub, snap)
    stub.add_client_error('delete_recovery_point',
                          'ResourceNotFoundException', 'gone', 404)
    listed(stub, [])
    body = run(delete_event(make_event), context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']


def test_missing_vault_is_success(stub, make_event, context, server):
    stub.add_client_error(LIST, 'ResourceNotFoundException', 'no vault', 404)
    body = run(delete_event(make_event), context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']


def test_empty_vault_is_success_without_deleting(stub, make_event, context,
                                                 server):
    listed(stub, [])
    assert run(delete_event(make_event), context, server)['Status'] == \
        'SUCCESS'


class Clock(Context):
    """Remaining time drops by `step` ms on every check."""

    def __init__(self, remaining_ms, step):
        super().__init__(remaining_ms)
        self.step = step

    def get_remaining_time_in_millis(self):
        self.remaining_ms -= self.step
        return self.remaining_ms


def test_running_out_of_time_fails_with_count_and_resumes(
        stub, sleeps, make_event, server):
    pts = [rp(i) for i in range(4)]
    listed(stub, pts)
    # checks: after listing, before rp0, before rp1, before rp2 (too late)
    context = Clock(h.MARGIN_MS + 3500, 1000)
    deleted(stub, pts[0])
    deleted(stub, pts[1])
    listed(stub, [rp(0, 'DELETING'), rp(1, 'DELETING'), pts[2], pts[3]])
    event = delete_event(make_event)
    body = run(event, context, server)
    assert_failed(body, event, '4 recovery points remain', VAULT,
                  'delete the stack again to resume')
    assert body['PhysicalResourceId'] == VAULT
    # deleting the stack again resumes with the remaining points
    listed(stub, [rp(0, 'DELETING'), pts[2], pts[3]])
    deleted(stub, pts[2])
    deleted(stub, pts[3])
    listed(stub, [])
    body = run(delete_event(make_event), Context(), server)
    assert body['Status'] == 'SUCCESS', body['Reason']


def test_failed_disassociation_fails(stub, make_event, context, server):
    p = rp('locked')
    listed(stub, [p])
    stub.add_client_error('delete_recovery_point', 'InvalidRequestException',
                          'vault lock retention', 400)
    stub.add_client_error('disassociate_recovery_point',
                          'InvalidRequestException', 'not continuous', 400)
    event = delete_event(make_event)
    assert_failed(run(event, context, server), event,
                  'InvalidRequestException', 'not continuous')


def test_other_errors_fail(stub, make_event, context, server):
    listed(stub, [rp(1)])
    stub.add_client_error('delete_recovery_point', 'AccessDeniedException',
                          'not allowed', 403)
    event = delete_event(make_event)
    assert_failed(run(event, context, server), event, 'AccessDenied')


@pytest.mark.parametrize('kind', ['Create', 'Update', 'Delete'])
def test_missing_vault_name_fails(stub, make_event, context, server, kind):
    event = make_event(kind, {'BackupVaultName': ''},
                       None if kind == 'Create' else VAULT)
    body = run(event, context, server)
    assert_failed(body, event, 'property BackupVaultName')
    if kind == 'Create':
        assert body['PhysicalResourceId'].startswith(h.FAILED_ID)
        event = make_event('Delete', {}, body['PhysicalResourceId'])
        assert run(event, context, server)['Status'] == 'SUCCESS'


def test_unknown_request_type_fails(stub, make_event, context, server):
    event = make_event('Upsert', {'BackupVaultName': VAULT}, VAULT)
    assert_failed(run(event, context, server), event, "'Upsert'")


def test_unreachable_response_url_is_logged(stub, make_event, context,
                                            caplog):
    event = make_event('Create', {'BackupVaultName': VAULT})
    event['ResponseURL'] = 'http://127.0.0.1:9/x'
    h.handler(event, context)
    assert 'Could not send the response' in caplog.text


def test_file_fits_inline_zipfile():
    # Code.ZipFile: "This zip file cannot exceed 4MB" (registry schema of
    # AWS::Lambda::Function); the handler stays one small stdlib+boto3 file.
    with open(h.__file__, encoding='utf-8') as f:
        assert len(f.read()) <= 16384


def test_aurora_and_dynamodb_recovery_points_are_deleted_by_their_arns(
        stub, sleeps, make_event, context, server):
    """Aurora and DynamoDB recovery points carry rds / dynamodb ARNs, not
    backup ARNs: the handler passes each ARN through unchanged (the role
    grants backup:DeleteRecoveryPoint on those ARN shapes)."""
    pts = [dict(rp(0), RecoveryPointArn=AURORA_RP),
           dict(rp(1), RecoveryPointArn=DYNAMODB_RP)]
    listed(stub, pts)
    for p in pts:
        deleted(stub, p)
    listed(stub, [])
    body = run(delete_event(make_event), context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']


def snaps_listed(rds, *snaps):
    rds.add_response('describe_db_cluster_snapshots', {
        'DBClusterSnapshots': [{'DBClusterSnapshotIdentifier': i,
                                'Status': st} for i, st in snaps]},
        {'DBClusterIdentifier': CLUSTER, 'SnapshotType': 'manual'})


def test_final_snapshot_is_deleted_when_backups_may_be_deleted(
        stub, rds, sleeps, make_event, context, server):
    listed(stub, [])
    snaps_listed(rds, ('final', 'available'), ('replaced', 'creating'))
    rds.add_response('delete_db_cluster_snapshot', {},
                     {'DBClusterSnapshotIdentifier': 'final'})
    snaps_listed(rds, ('final', 'deleting'), ('replaced', 'available'))
    rds.add_response('delete_db_cluster_snapshot', {},
                     {'DBClusterSnapshotIdentifier': 'replaced'})
    snaps_listed(rds)
    event = delete_event(make_event, DbClusterIdentifier=CLUSTER)
    body = run(event, context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    assert sleeps == [h.WAIT_S, h.WAIT_S]


def test_snapshot_cleanup_stops_before_the_lambda_times_out(
        stub, rds, make_event, server):
    listed(stub, [])
    snaps_listed(rds, ('final', 'creating'))
    event = delete_event(make_event, DbClusterIdentifier=CLUSTER)
    body = run(event, Context(h.MARGIN_MS - 1), server)
    assert_failed(body, event, '1 snapshots of tap-dev-aurora remain',
                  'delete the stack again to resume')


@pytest.mark.parametrize('flag', ['false', None])
def test_production_keeps_recovery_points_and_fails_with_how_to(
        stub, rds, make_event, context, server, flag):
    """DeleteRecoveryPoints false (or absent): nothing is deleted, no
    snapshot is even listed; a non-empty vault fails the delete with both
    ways out, an empty one succeeds."""
    props = {'BackupVaultName': VAULT, 'DbClusterIdentifier': CLUSTER}
    if flag:
        props['DeleteRecoveryPoints'] = flag
    listed(stub, [rp(1), dict(rp(2), RecoveryPointArn=AURORA_RP)])
    event = make_event('Delete', props, VAULT)
    body = run(event, context, server)
    assert_failed(body, event, '2 recovery points kept', VAULT,
                  'DeleteBackupsOnDestroy=false',
                  '--retain-resources Res BackupVault Key',
                  'DeleteBackupsOnDestroy=true')
    assert body['PhysicalResourceId'] == VAULT
    listed(stub, [])
    body = run(make_event('Delete', props, VAULT), context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']
    stub.add_client_error(LIST, 'ResourceNotFoundException', 'no vault', 404)
    body = run(make_event('Delete', props, VAULT), context, server)
    assert body['Status'] == 'SUCCESS', body['Reason']


def test_invalid_delete_flag_fails(stub, make_event, context, server):
    event = make_event('Delete', {'BackupVaultName': VAULT,
                                  'DeleteRecoveryPoints': 'yes'}, VAULT)
    assert_failed(run(event, context, server), event,
                  "DeleteRecoveryPoints must be true or false, not 'yes'")
