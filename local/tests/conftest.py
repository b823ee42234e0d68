"""Starts the patched endpoint on a free loopback port (one process per test session;
state is reset before each test) and offers small deploy helpers."""
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request

import boto3
import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
LOCAL = os.path.dirname(HERE)
REPO = os.path.dirname(LOCAL)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Endpoint:
    def __init__(self, port, proc, log_path):
        self.port = port
        self.proc = proc
        self.url = f"http://127.0.0.1:{port}"
        self.log_path = log_path

    def client(self, service):
        return boto3.client(service, region_name="us-east-1", endpoint_url=self.url,
                            aws_access_key_id="testing", aws_secret_access_key="testing")

    def report(self):
        with urllib.request.urlopen(self.url + "/ha-local/report", timeout=5) as r:
            return json.loads(r.read())

    def reset(self):
        req = urllib.request.Request(self.url + "/moto-api/reset", method="POST", data=b"")
        urllib.request.urlopen(req, timeout=5).read()

    def log(self):
        with open(self.log_path) as f:
            return f.read()


@pytest.fixture(scope="session")
def endpoint(tmp_path_factory):
    port = _free_port()
    log_path = str(tmp_path_factory.mktemp("endpoint") / "endpoint.log")
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing")
    with open(log_path, "w") as log:
        proc = subprocess.Popen([sys.executable, os.path.join(LOCAL, "moto_local.py"), "--host", "127.0.0.1",
                                 "--port", str(port)], stdout=log, stderr=subprocess.STDOUT, env=env)
    ep = Endpoint(port, proc, log_path)
    deadline = time.time() + 20
    while time.time() < deadline:
        try:
            ep.report()
            break
        except Exception:
            if proc.poll() is not None:
                raise RuntimeError("endpoint died:\n" + ep.log())
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("endpoint did not start:\n" + ep.log())
    yield ep
    proc.terminate()
    try:
        proc.wait(10)
    except subprocess.TimeoutExpired:
        proc.kill()


@pytest.fixture
def ep(endpoint):
    endpoint.reset()
    return endpoint


@pytest.fixture
def cfn(ep):
    return ep.client("cloudformation")


TERMINAL = {"CREATE_COMPLETE", "CREATE_FAILED", "ROLLBACK_COMPLETE", "ROLLBACK_FAILED", "UPDATE_COMPLETE",
            "UPDATE_ROLLBACK_COMPLETE", "UPDATE_ROLLBACK_FAILED", "DELETE_COMPLETE", "DELETE_FAILED"}


def wait_stack(cfn, stack_id, timeout=30):
    deadline = time.time() + timeout
    while time.time() < deadline:
        stacks = cfn.describe_stacks(StackName=stack_id)["Stacks"]
        if stacks[0]["StackStatus"] in TERMINAL:
            return stacks[0]
        time.sleep(0.1)
    raise AssertionError(f"stack {stack_id} still {stacks[0]['StackStatus']}")


def deploy(cfn, name, template, params=None, expect="CREATE_COMPLETE", **kw):
    body = template if isinstance(template, str) else json.dumps(template)
    args = dict(StackName=name, TemplateBody=body, Capabilities=["CAPABILITY_NAMED_IAM"], **kw)
    if params:
        args["Parameters"] = [{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()]
    stack_id = cfn.create_stack(**args)["StackId"]
    stack = wait_stack(cfn, stack_id)
    if expect:
        assert stack["StackStatus"] == expect, failures(cfn, stack_id)
    return stack


def update(cfn, name, template, params=None, expect="UPDATE_COMPLETE"):
    body = template if isinstance(template, str) else json.dumps(template)
    args = dict(StackName=name, TemplateBody=body, Capabilities=["CAPABILITY_NAMED_IAM"])
    if params:
        args["Parameters"] = [{"ParameterKey": k, "ParameterValue": v} for k, v in params.items()]
    stack_id = cfn.update_stack(**args)["StackId"]
    stack = wait_stack(cfn, stack_id)
    if expect:
        assert stack["StackStatus"] == expect, failures(cfn, stack_id)
    return stack


def delete(cfn, name, expect="DELETE_COMPLETE"):
    stack_id = cfn.describe_stacks(StackName=name)["Stacks"][0]["StackId"]
    cfn.delete_stack(StackName=stack_id)
    stack = wait_stack(cfn, stack_id)
    if expect:
        assert stack["StackStatus"] == expect, failures(cfn, stack_id)
    return stack


def failures(cfn, stack_id):
    return [e for e in events(cfn, stack_id) if "FAILED" in e[2] or "ROLLBACK" in e[2]]


def events(cfn, stack_id):
    evs = cfn.describe_stack_events(StackName=stack_id)["StackEvents"]
    return [(e["LogicalResourceId"], e["ResourceType"], e["ResourceStatus"], e.get("PhysicalResourceId"),
             e.get("ResourceStatusReason")) for e in reversed(evs)]


def outputs(stack):
    return {o["OutputKey"]: o["OutputValue"] for o in stack.get("Outputs") or []}
