"""Lambda-backed custom resources, run for real.

When a custom resource's ServiceToken is a Lambda function of the same stack with a
python3.x runtime and inline Code.ZipFile, the handler is run in a subprocess of this
Python (module ``index`` plus AWS's ``cfnresponse`` helper, which moto puts in the zip),
with the event CloudFormation would send, the function's environment, fake credentials
and AWS_ENDPOINT_URL pointing at this server.  The handler answers by PUTting to the
ResponseURL (this server's cfn-response URL), exactly as on AWS.

Any other service token (S3 code, other runtime, SNS topic) is not run: the resource
waits for somebody to PUT a response to the ResponseURL (logged and reported).
"""
from __future__ import annotations

import io
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
import zipfile
from typing import Any

from moto.awslambda.utils import get_backend as get_lambda_backend
from moto.cloudformation import models as cfm
from moto.cloudformation import parsing
from moto.cloudformation import responses as cfr
from moto.cloudformation.exceptions import ValidationError

from . import engine, report

log = logging.getLogger("hamoto.custom")

SERVER = {"host": "127.0.0.1", "port": 5055}
RUNNER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "lambda_runner.py")
# how long to wait for an external response when the handler cannot be run here
EXTERNAL_WAIT_SECONDS = float(os.environ.get("HA_LOCAL_CUSTOM_WAIT", "3600"))

_pending: dict[str, "Pending"] = {}
_lock = threading.Lock()


class Pending:
    def __init__(self, request_id, stack_id, logical_id, request_type, record):
        self.request_id = request_id
        self.stack_id = stack_id
        self.logical_id = logical_id
        self.request_type = request_type
        self.record = record
        self.done = threading.Event()
        self.response: dict | None = None
        self.failure: str | None = None

    def resolve(self, response=None, failure=None):
        if self.done.is_set():
            return
        self.response, self.failure = response, failure
        self.done.set()


def response_url(region: str, stack_id: str) -> str:
    q = urllib.parse.quote(stack_id, safe="")
    return f"http://{SERVER['host']}:{SERVER['port']}/cloudformation_{region}/cfnresponse?stack={q}"


def _find_function(account_id, region, token):
    try:
        return get_lambda_backend(account_id, region).get_function(token)
    except Exception:
        return None


def _inline_code(fn, stack, token) -> bytes | None:
    """The zip bytes if the function is defined in this stack with inline ZipFile code."""
    rm = stack.resource_map
    for name, rjson in rm._resource_json_map.items():
        if rjson.get("Type") != "AWS::Lambda::Function":
            continue
        inst = rm._parsed_resources.get(name)
        if inst is not fn and getattr(inst, "function_arn", None) != getattr(fn, "function_arn", 1):
            continue
        code = (rjson.get("Properties") or {}).get("Code") or {}
        if "ZipFile" in code and getattr(fn, "code_bytes", None):
            return fn.code_bytes
    return None


class CustomResource:
    """CloudFormation model for Custom::* and AWS::CloudFormation::CustomResource."""

    REPLACE_ON = ("ServiceToken",)

    def __init__(self, account_id, region, logical_id, stack_id, resource_type, props):
        self.account_id = account_id
        self.region = region
        self.logical_resource_id = logical_id
        self.stack_id = stack_id
        self.cf_resource_type = resource_type
        self.props = props
        self.physical_id: str | None = None
        self.data: dict = {}
        self._pending: Pending | None = None
        self._replaced = None
        self._ha_replaced = None

    # ---- moto model interface
    @staticmethod
    def cloudformation_type():
        return "Custom::*"

    @staticmethod
    def cloudformation_name_type():
        return ""

    @classmethod
    def has_cfn_attr(cls, attr):
        return True

    def is_created(self):
        return True

    @property
    def physical_resource_id(self):
        return self.physical_id or ""

    def get_cfn_attribute(self, attr):
        if attr in self.data:
            return self.data[attr]
        raise ValidationError(
            message=f"CustomResource attribute error: Vendor response doesn't contain {attr} key in object "
            f"{self.stack_id}|{self.logical_resource_id}|{self.physical_id} in S3 bucket cloudformation-custom-resource-storage-{self.region}"
        )

    @classmethod
    def create_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name, **kwargs):
        props = cloudformation_json.get("Properties") or {}
        if "ServiceToken" not in props:
            raise ValidationError(message="Template error: ServiceToken is required for custom resources")
        res = cls(account_id, region_name, kwargs["LogicalId"], kwargs["StackId"], kwargs["ResourceType"], props)
        res._send("Create", props)
        return res

    @classmethod
    def update_from_cloudformation_json(cls, original_resource, new_resource_name, cloudformation_json, account_id, region_name):
        props = cloudformation_json.get("Properties") or {}
        old = original_resource
        if props.get("ServiceToken") != old.props.get("ServiceToken"):
            raise ValidationError(message="Modifying service token is not allowed.")
        new = cls(account_id, region_name, old.logical_resource_id, old.stack_id, old.cf_resource_type, props)
        new.physical_id = old.physical_id
        new._send("Update", props, old_props=old.props)
        new._old = old
        return new

    @classmethod
    def delete_from_cloudformation_json(cls, resource_name, cloudformation_json, account_id, region_name):
        return None

    def ha_wait(self, stack):
        """Block the stack worker until the handler answered (or failed)."""
        pending = self._pending
        if pending is None:
            return
        if not pending.done.is_set():
            engine.yield_to_api(stack)
        pending.done.wait(pending.record.get("_wait", EXTERNAL_WAIT_SECONDS) + 5)
        if not pending.done.is_set():
            pending.resolve(failure="Failed to receive a response from the custom resource within the wait period")
        self._pending = None
        failure = pending.failure
        resp = pending.response or {}
        if failure is None and resp.get("Status") != "SUCCESS":
            failure = resp.get("Reason") or "Custom resource returned FAILED without a reason"
        if failure is None:
            new_pid = resp.get("PhysicalResourceId")
            if not new_pid:
                failure = "Invalid PhysicalResourceId"
            elif len(json.dumps(resp.get("Data") or {})) > 4096:
                failure = "Response object is too long."
        if failure is not None:
            raise engine.ResourceFailed(self.logical_resource_id, failure)
        if pending.request_type != "Delete":
            old_pid = self.physical_id
            self.physical_id = resp.get("PhysicalResourceId")
            self.data = resp.get("Data") or {}
            old = getattr(self, "_old", None)
            if pending.request_type == "Update" and old is not None:
                self._old = None
                if old_pid and old_pid != self.physical_id:
                    # a new physical id means replacement: AWS sends Delete for the old one during cleanup
                    self._ha_replaced = old

    def delete(self, account_id, region_name):
        if not self.physical_id:
            return
        stack = cfm.cloudformation_backends[self.account_id][self.region].get_stack(self.stack_id)
        self._send("Delete", self.props)
        self.ha_wait(stack)

    # ---- invocation
    def _send(self, request_type, props, old_props=None):
        token = props["ServiceToken"]
        request_id = str(uuid.uuid4())
        event = {
            "RequestType": request_type,
            "ServiceToken": token,
            "ResponseURL": response_url(self.region, self.stack_id),
            "StackId": self.stack_id,
            "RequestId": request_id,
            "LogicalResourceId": self.logical_resource_id,
            "ResourceType": self.cf_resource_type,
            "ResourceProperties": _stringify(props),
        }
        if request_type != "Create":
            event["PhysicalResourceId"] = self.physical_id
        if old_props is not None:
            event["OldResourceProperties"] = _stringify(old_props)
        record = report.invocation({
            "stack_id": self.stack_id,
            "logical_id": self.logical_resource_id,
            "resource_type": self.cf_resource_type,
            "request_type": request_type,
            "service_token": token,
            "executed": False,
            "response_status": None,
            "reason": None,
            "duration_ms": None,
            "_started": time.time(),
        })
        pending = Pending(request_id, self.stack_id, self.logical_resource_id, request_type, record)
        with _lock:
            _pending[request_id] = pending
        self._pending = pending
        stack = cfm.cloudformation_backends[self.account_id][self.region].get_stack(self.stack_id)
        fn = _find_function(self.account_id, self.region, token) if ":sns:" not in token else None
        if fn is None and ":sns:" not in token:
            record["reason"] = f"service token {token} is not a Lambda function that exists"
            pending.resolve(failure=f"Invalid service token: {token}")
            return
        zip_bytes = _inline_code(fn, stack, token) if fn is not None else None
        runtime = getattr(fn, "run_time", None) or ""
        if fn is None or zip_bytes is None or not str(runtime).startswith("python3"):
            why = ("SNS-backed" if fn is None else
                   f"runtime {runtime}" if not str(runtime).startswith("python3") else "code not inline ZipFile in this stack")
            record["reason"] = f"not executed ({why}); waiting for an external PUT to {event['ResponseURL']}"
            record["_wait"] = EXTERNAL_WAIT_SECONDS
            log.warning("custom resource %s %s: %s", self.logical_resource_id, request_type, record["reason"])
            return
        timeout = int(getattr(fn, "timeout", 3) or 3)
        record["executed"] = True
        record["runtime"] = runtime
        record["local_python"] = "%d.%d" % sys.version_info[:2]
        record["_wait"] = timeout + 10
        env = dict(getattr(fn, "environment_vars", None) or {})
        threading.Thread(
            target=_run_handler,
            args=(fn, zip_bytes, event, env, timeout, pending, self.region),
            daemon=True,
            name=f"custom-{self.logical_resource_id}",
        ).start()


def _stringify(value):
    """CloudFormation passes custom resource properties as strings (numbers/bools too)."""
    if isinstance(value, dict):
        return {k: _stringify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify(v) for v in value]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def _run_handler(fn, zip_bytes, event, fn_env, timeout, pending, region):
    record = pending.record
    workdir = tempfile.mkdtemp(prefix="ha-custom-")
    started = time.time()
    try:
        with zipfile.ZipFile(io.BytesIO(zip_bytes)) as zf:
            zf.extractall(os.path.join(workdir, "code"))
        env = {k: v for k, v in os.environ.items() if k in ("PATH", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")}
        env.update({str(k): str(v) for k, v in fn_env.items()})
        endpoint = f"http://{SERVER['host']}:{SERVER['port']}"
        env.update({
            "AWS_REGION": region,
            "AWS_DEFAULT_REGION": region,
            "AWS_ACCESS_KEY_ID": "testing",
            "AWS_SECRET_ACCESS_KEY": "testing",
            "AWS_SESSION_TOKEN": "testing",
            "AWS_ENDPOINT_URL": endpoint,
            "AWS_LAMBDA_FUNCTION_NAME": fn.function_name,
            "AWS_LAMBDA_FUNCTION_MEMORY_SIZE": str(getattr(fn, "memory_size", 128)),
            "AWS_LAMBDA_FUNCTION_VERSION": "$LATEST",
            "AWS_LAMBDA_LOG_GROUP_NAME": f"/aws/lambda/{fn.function_name}",
            "LAMBDA_TASK_ROOT": os.path.join(workdir, "code"),
            "HA_LOCAL_ENDPOINT": "1",
        })
        spec = {
            "code_dir": os.path.join(workdir, "code"),
            "handler": fn.handler,
            "event": event,
            "function_name": fn.function_name,
            "function_arn": fn.function_arn,
            "memory": getattr(fn, "memory_size", 128),
            "timeout": timeout,
            "request_id": str(uuid.uuid4()),
        }
        proc = subprocess.Popen(
            [sys.executable, RUNNER], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT, env=env, cwd=workdir, text=True,
        )
        try:
            out, _ = proc.communicate(json.dumps(spec), timeout=timeout)
            timed_out = False
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
            timed_out = True
        for line in (out or "").splitlines():
            log.info("[lambda %s %s] %s", fn.function_name, event["LogicalResourceId"], line)
        record["exit_code"] = proc.returncode
        record["output_tail"] = (out or "")[-2000:]
        # the PUT arrives synchronously from the handler; allow a moment for late ones
        pending.done.wait(1.0)
        if not pending.done.is_set():
            if timed_out:
                why = f"handler timed out after {timeout}s (function Timeout) without sending a response"
            else:
                why = f"handler exited (code {proc.returncode}) without sending a response"
            record["reason"] = why + " (AWS would wait up to 1 hour, then fail)"
            pending.resolve(failure="HA-LOCAL: " + why)
    except Exception as exc:
        log.exception("custom resource runner failed")
        pending.resolve(failure=f"HA-LOCAL: could not run handler: {exc}")
    finally:
        if record.get("duration_ms") is None:
            record["duration_ms"] = int((time.time() - started) * 1000)
        shutil.rmtree(workdir, ignore_errors=True)


def process_cfn_response(self):
    try:
        body = json.loads(self.body or "{}")
    except Exception:
        body = {}
    if not isinstance(body, dict):
        body = {}
    request_id = body.get("RequestId")
    with _lock:
        pending = _pending.get(request_id)
        if pending is None:
            for p in _pending.values():
                if not p.done.is_set() and p.stack_id == body.get("StackId") and p.logical_id == body.get("LogicalResourceId"):
                    pending = p
                    break
        if pending is not None:
            _pending.pop(pending.request_id, None)
    if pending is None:
        log.warning("cfn-response for unknown request %s (%s)", request_id, body.get("LogicalResourceId"))
        return 200, {"status": 200}, ""
    status = body.get("Status")
    rec = pending.record
    rec["response_status"] = status
    if body.get("Reason"):
        rec["reason"] = body.get("Reason")
    if rec.get("duration_ms") is None and rec.get("_started"):
        rec["duration_ms"] = int((time.time() - rec["_started"]) * 1000)
    if status not in ("SUCCESS", "FAILED"):
        pending.resolve(failure=f"Invalid response status: {status}")
    else:
        pending.resolve(response=body)
    log.info("cfn-response %s %s %s: %s", pending.logical_id, pending.request_type, status, body.get("Reason"))
    return 200, {"status": 200}, ""


_orig_class_from_type = parsing.resource_class_from_type


def apply(host: str, port: int) -> None:
    SERVER["host"], SERVER["port"] = host, port
    cfr.CloudFormationResponse.process_cfn_response = process_cfn_response
    # moto imports CustomModel for "Custom::" in resource_class_from_type; ours replaces it
    import moto.cloudformation.parsing as p

    p.CustomModel = CustomResource
    report.patch("custom-resources",
                 "Custom::* and AWS::CloudFormation::CustomResource: inline python3.x Lambda handlers run in a "
                 "subprocess (Create/Update/Delete) and answer via the cfn-response URL; other tokens wait for an external PUT")
    report.model("AWS::CloudFormation::CustomResource", "local-executor",
                 "handler run for real when the token is an inline python Lambda of the same stack")
