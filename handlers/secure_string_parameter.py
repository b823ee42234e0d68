"""Custom::SecureStringParameter: an SSM SecureString whose random value is
generated here, so it is never in the template or CloudFormation's calls."""
import json
import logging
import secrets
import string
import urllib.request

import boto3

log = logging.getLogger()
log.setLevel(logging.INFO)
CHARS = string.ascii_letters + string.digits
FAILED_ID = 'create-failed-'


def handler(event, context):
    log.info('Event: %s', json.dumps(
        {k: v for k, v in event.items() if k != 'ResponseURL'}, default=str))
    status, reason, data = 'SUCCESS', 'OK', {}
    pid = event.get('PhysicalResourceId')
    try:
        pid, data = process(event)
    except Exception as e:
        log.exception('Request failed')
        status = 'FAILED'
        reason = (f"{event.get('RequestType')} failed: {type(e).__name__}: "
                  f"{e}"[:900] + ' - see CloudWatch log stream '
                  + str(context.log_stream_name))
        pid = pid or FAILED_ID + str(event.get('RequestId'))
    send(event, status, reason, pid, data)


def validate(p):
    for k in ('Name', 'KeyId'):
        if not p.get(k):
            raise ValueError(f'property {k} is required')
    try:
        n = int(p.get('Length', 32))
    except (TypeError, ValueError):
        n = 0
    if not 16 <= n <= 128:
        raise ValueError('property Length must be an integer from 16 to 128,'
                         f" got {p.get('Length')!r}")
    return n


def process(event):
    kind = event['RequestType']
    ssm = boto3.client('ssm')
    if kind == 'Delete':
        name = event['PhysicalResourceId']
        if name.startswith(FAILED_ID):
            log.info('Create had failed: nothing to delete')
            return name, {}
        try:
            ssm.delete_parameter(Name=name)
            log.info('Deleted parameter %s', name)
        except ssm.exceptions.ParameterNotFound:
            log.info('Parameter %s does not exist: nothing to delete', name)
        return name, {}
    p = event.get('ResourceProperties') or {}
    length = validate(p)
    if kind not in ('Create', 'Update'):
        raise ValueError(f'unknown RequestType {kind!r}')
    name, value = p['Name'], None
    if kind == 'Update' and name == event.get('PhysicalResourceId'):
        try:
            value = ssm.get_parameter(
                Name=name, WithDecryption=True)['Parameter']['Value']
            log.info('Keeping the current value of %s', name)
        except ssm.exceptions.ParameterNotFound:
            log.warning('Parameter %s is missing: new value', name)
    overwrite = value is not None
    if not overwrite:
        value = ''.join(secrets.choice(CHARS) for _ in range(length))
    version = ssm.put_parameter(
        Name=name, Value=value, Type='SecureString', KeyId=p['KeyId'],
        Description=p.get('Description', ''), Tier=p.get('Tier', 'Standard'),
        Overwrite=overwrite)['Version']
    log.info('Put %s (overwrite=%s, KeyId=%s): version %s',
             name, overwrite, p['KeyId'], version)
    _, part, _, region, account = event['StackId'].split(':')[:5]
    arn = (f'arn:{part}:ssm:{region}:{account}:parameter/'
           + name.lstrip('/'))
    return name, {'ParameterName': name, 'ParameterArn': arn,
                  'Version': version}


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
