"""moto 5.2.5 has no AWS Backup recovery points (no start_backup_job,
list_recovery_points_by_backup_vault, delete_recovery_point or
disassociate_recovery_point), so the backup client is a botocore Stubber:
each test scripts the exact AWS calls and responses it expects, in order."""
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


@pytest.fixture
def stub(monkeypatch):
    client = boto3.client('backup', region_name=REGION)
    stubber = Stubber(client)
    monkeypatch.setattr(h.boto3, 'client', lambda name, *a, **k: {
        'backup': client}[name])
    with stubber:
        yield stubber
    stubber.assert_no_pending_responses()


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


def delete_event(make_event):
    return make_event('Delete', {'BackupVaultName': VAULT}, VAULT)


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


def test_file_fits_inline_zipfile_limit():
    with open(h.__file__, encoding='utf-8') as f:
        assert len(f.read()) <= 4096
