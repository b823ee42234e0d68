"""Shared fixtures: a local HTTP server that captures the custom-resource
responses, a fake Lambda context, and fake AWS credentials for moto."""
import json
import os
import sys
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

HANDLERS_DIR = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, HANDLERS_DIR)

REGION = 'us-east-1'
ACCOUNT = '123456789012'
STACK_ID = (f'arn:aws:cloudformation:{REGION}:{ACCOUNT}:stack/ha-app/'
            '11111111-2222-3333-4444-555555555555')


@pytest.fixture(autouse=True)
def aws_env(monkeypatch):
    for k, v in {'AWS_ACCESS_KEY_ID': 'testing',
                 'AWS_SECRET_ACCESS_KEY': 'testing',
                 'AWS_SESSION_TOKEN': 'testing',
                 'AWS_DEFAULT_REGION': REGION, 'AWS_REGION': REGION}.items():
        monkeypatch.setenv(k, v)
    for k in ('AWS_PROFILE', 'AWS_ENDPOINT_URL'):
        monkeypatch.delenv(k, raising=False)


class ResponseServer:
    """Captures PUT requests; `responses` holds (path, headers, json)."""

    def __init__(self):
        self.responses = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def do_PUT(self):
                n = int(self.headers.get('Content-Length', 0))
                body = self.rfile.read(n)
                outer.responses.append(
                    (self.path, dict(self.headers), json.loads(body)))
                self.send_response(200)
                self.send_header('Content-Length', '0')
                self.end_headers()

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
        self.url = f'http://127.0.0.1:{self.httpd.server_address[1]}/cfn'
        self.thread = threading.Thread(target=self.httpd.serve_forever,
                                       daemon=True)
        self.thread.start()

    def only(self):
        """The single response sent since the last call; asserts it is one."""
        assert len(self.responses) == 1, self.responses
        path, headers, body = self.responses.pop()
        assert path == '/cfn'
        assert headers.get('Content-Type', headers.get('Content-type')) == ''
        return body

    def close(self):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def server():
    s = ResponseServer()
    yield s
    s.close()


class Context:
    log_stream_name = '2026/11/29/[$LATEST]0123456789abcdef'

    def __init__(self, remaining_ms=900000):
        self.remaining_ms = remaining_ms

    def get_remaining_time_in_millis(self):
        return self.remaining_ms


@pytest.fixture
def context():
    return Context()


@pytest.fixture
def make_event(server):
    def make(request_type, props, physical_id=None, old_props=None,
             resource_type='Custom::Test'):
        e = {'RequestType': request_type, 'ResponseURL': server.url,
             'StackId': STACK_ID, 'RequestId': str(uuid.uuid4()),
             'ResourceType': resource_type, 'LogicalResourceId': 'Res',
             'ResourceProperties': dict(props, ServiceToken='arn:aws:lambda:'
                                        f'{REGION}:{ACCOUNT}:function:h')}
        if physical_id is not None:
            e['PhysicalResourceId'] = physical_id
        if old_props is not None:
            e['OldResourceProperties'] = old_props
        return e
    return make


def assert_common(body, event):
    for k in ('StackId', 'RequestId', 'LogicalResourceId'):
        assert body[k] == event[k]
    assert body['Status'] in ('SUCCESS', 'FAILED')
    assert isinstance(body['Data'], dict)
    assert body['PhysicalResourceId']


def assert_failed(body, event, *words):
    assert_common(body, event)
    assert body['Status'] == 'FAILED'
    assert event['RequestType'] in body['Reason']
    assert Context.log_stream_name in body['Reason']
    for w in words:
        assert w in body['Reason'], (w, body['Reason'])
