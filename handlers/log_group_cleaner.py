"""Custom::LogGroupCleaner: on Delete, deletes every log group whose name
starts with one of LogGroupNamePrefixes. Synthetics creates a canary's Lambda
log group (/aws/lambda/cwsyn-<canary>-<uuid>) itself, and deleting the canary
(even with ProvisionedResourceCleanup AUTOMATIC) leaves it behind; the
canaries depend on this resource, so it runs after they are gone."""
import json
import logging
import urllib.request

import boto3

log = logging.getLogger()
log.setLevel(logging.INFO)
FAILED_ID = 'create-failed-'
MIN_PREFIX = '/aws/lambda/cwsyn-'  # never a prefix that matches more


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


def prefixes(event):
    p = (event.get('ResourceProperties') or {}).get('LogGroupNamePrefixes')
    if not p or not isinstance(p, list):
        raise ValueError('property LogGroupNamePrefixes (a list) is required')
    for x in p:
        if not x.startswith(MIN_PREFIX) or len(x) <= len(MIN_PREFIX):
            raise ValueError(f'prefix {x!r} must start with {MIN_PREFIX} '
                             'and name a canary')
    return p


def process(event):
    kind = event['RequestType']
    pid = event.get('PhysicalResourceId') or ''
    if kind == 'Delete' and pid.startswith(FAILED_ID):
        log.info('Create had failed: nothing to clean')
        return pid
    p = prefixes(event)
    if kind == 'Delete':
        clean(p)
        return pid
    if kind not in ('Create', 'Update'):
        raise ValueError(f'unknown RequestType {kind!r}')
    log.info('%s: nothing to do for %s', kind, p)
    return 'log-groups:' + ','.join(p)


def clean(prefix_list):
    logs = boto3.client('logs')
    pages = logs.get_paginator('describe_log_groups')
    for prefix in prefix_list:
        names = [g['logGroupName'] for page in pages.paginate(
            logGroupNamePrefix=prefix) for g in page['logGroups']]
        for name in names:
            try:
                logs.delete_log_group(logGroupName=name)
                log.info('Deleted log group %s', name)
            except logs.exceptions.ResourceNotFoundException:
                log.info('Log group %s is already gone', name)
        log.info('%d log groups deleted under %s', len(names), prefix)


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
