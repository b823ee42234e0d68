"""CloudWatch over Smithy RPCv2 CBOR, the protocol current AWS SDKs speak to CloudWatch
(``POST /service/GraniteServiceVersion20100801/operation/<Op>``, ``Content-Type:
application/cbor``, ``smithy-protocol: rpc-v2-cbor``).  moto 5.2.5 answers 404.

A request is decoded from CBOR and handed to moto's own CloudWatch handler as the equivalent
awsJson1_0 request (the same operation and member names; the service model lists ``json`` as
an alternative protocol), so moto's cloudwatch backend does the work.  The JSON answer is
re-encoded as CBOR following the output shape of botocore's CloudWatch model: integers as
CBOR integers, doubles as floats, timestamps as tag 1 epoch seconds, blobs as byte strings.
Errors become RPCv2 error bodies (``__type`` = the error shape id, ``message``) with the
awsQueryCompatible ``x-amzn-query-error`` header.
"""
from __future__ import annotations

import base64
import datetime as dt
import functools
import io
import json
import logging
import re

import cbor2

from . import report

log = logging.getLogger("hamoto.cbor")

TARGET = "GraniteServiceVersion20100801"
_PATH = re.compile(r"^/service/" + TARGET + r"/operation/([A-Za-z0-9]+)/?$")
NAMESPACE = "com.amazonaws.cloudwatch"


def match(environ) -> str | None:
    if environ.get("REQUEST_METHOD") != "POST":
        return None
    m = _PATH.match(environ.get("PATH_INFO", ""))
    return m.group(1) if m else None


@functools.lru_cache(maxsize=1)
def service_model():
    import botocore.session
    return botocore.session.get_session().get_service_model("cloudwatch")


# --------------------------------------------------------------------------------------
# CBOR request -> JSON request


def _to_json(value):
    if isinstance(value, dict):
        return {k: _to_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_to_json(v) for v in value]
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            value = value.replace(tzinfo=dt.timezone.utc)
        return value.timestamp()
    if isinstance(value, cbor2.CBORTag):
        return _to_json(value.value)
    if isinstance(value, (bytes, bytearray)):
        return base64.b64encode(bytes(value)).decode()
    if isinstance(value, cbor2.undefined.__class__):
        return None
    return value


# --------------------------------------------------------------------------------------
# JSON response -> CBOR response, by shape


def _epoch(value) -> float:
    if isinstance(value, (int, float)):
        return float(value)
    if isinstance(value, dt.datetime):
        return value.timestamp()
    text = str(value)
    try:
        return float(text)
    except ValueError:
        parsed = dt.datetime.fromisoformat(text.replace("Z", "+00:00"))
        if parsed.tzinfo is None:
            parsed = parsed.replace(tzinfo=dt.timezone.utc)
        return parsed.timestamp()


def to_cbor_value(value, shape):
    if value is None:
        return None
    t = shape.type_name
    if t == "structure":
        out = {}
        for name, member in shape.members.items():
            if name in value and value[name] is not None:
                out[name] = to_cbor_value(value[name], member)
        return out
    if t == "list":
        return [to_cbor_value(v, shape.member) for v in value if v is not None]
    if t == "map":
        return {k: to_cbor_value(v, shape.value) for k, v in value.items() if v is not None}
    if t == "timestamp":
        return cbor2.CBORTag(1, _epoch(value))
    if t in ("integer", "long", "short", "byte"):
        return int(value)
    if t in ("double", "float"):
        return float(value)
    if t == "boolean":
        return value if isinstance(value, bool) else str(value).lower() == "true"
    if t == "blob":
        return base64.b64decode(value) if isinstance(value, str) else bytes(value)
    return str(value)


def _error_shape_name(code: str) -> str:
    for shape in service_model().error_shapes:
        if shape.name == code or (shape.metadata.get("error") or {}).get("code") == code:
            return shape.name
    return code


# --------------------------------------------------------------------------------------
# WSGI


def handle(environ, start_response, moto_app, operation: str):
    model = service_model()
    try:
        op = model.operation_model(operation)
    except Exception:
        return _error(start_response, 400, "UnknownOperationException", f"Unknown operation {operation}")
    length = int(environ.get("CONTENT_LENGTH") or 0)
    raw = environ["wsgi.input"].read(length) if length else b""
    try:
        params = cbor2.loads(raw) if raw else {}
    except Exception as exc:
        return _error(start_response, 400, "SerializationException", f"Invalid CBOR body: {exc}")
    body = json.dumps(_to_json(params or {})).encode()
    sub = {k: v for k, v in environ.items() if k not in ("HTTP_SMITHY_PROTOCOL", "HTTP_ACCEPT", "HTTP_X_AMZ_TARGET")}
    sub.update({"PATH_INFO": "/", "QUERY_STRING": "", "REQUEST_METHOD": "POST",
                "CONTENT_TYPE": "application/x-amz-json-1.0", "CONTENT_LENGTH": str(len(body)),
                "HTTP_X_AMZ_TARGET": f"{TARGET}.{operation}", "wsgi.input": io.BytesIO(body)})
    captured = {}

    def capture(status, headers, exc_info=None):
        captured["status"], captured["headers"] = status, headers
        return lambda _data: None

    try:
        chunks = moto_app(sub, capture)
        try:
            out = b"".join(chunks)
        finally:
            close = getattr(chunks, "close", None)
            if close:
                close()
    except Exception as exc:
        log.exception("CloudWatch %s failed", operation)
        return _error(start_response, 500, "InternalFailure", str(exc))
    code = int(str(captured.get("status", "500")).split()[0])
    try:
        data = json.loads(out) if out.strip() else {}
    except ValueError:
        data = {"__type": "InternalFailure", "message": out.decode(errors="replace")[:500]}
    if code >= 300:
        err = str(data.get("__type") or data.get("code") or "InternalFailure").split("#")[-1]
        msg = data.get("message") or data.get("Message") or ""
        return _error(start_response, code, err, msg)
    shape = op.output_shape
    headers = [("smithy-protocol", "rpc-v2-cbor")]
    if shape is None:
        start_response("200 OK", headers + [("Content-Length", "0")])
        return [b""]
    payload = cbor2.dumps(to_cbor_value(data, shape))
    start_response("200 OK", headers + [("Content-Type", "application/cbor"), ("Content-Length", str(len(payload)))])
    return [payload]


def _error(start_response, status: int, code: str, message: str):
    shape_name = _error_shape_name(code)
    payload = cbor2.dumps({"__type": f"{NAMESPACE}#{shape_name}", "message": message})
    sender = "Sender" if status < 500 else "Receiver"
    reason = {400: "Bad Request", 404: "Not Found", 500: "Internal Server Error"}.get(status, "Error")
    start_response(f"{status} {reason}", [("smithy-protocol", "rpc-v2-cbor"), ("Content-Type", "application/cbor"),
                                          ("x-amzn-query-error", f"{code};{sender}"),
                                          ("Content-Length", str(len(payload)))])
    return [payload]


def apply() -> None:
    from moto.cloudwatch.responses import CloudWatchResponse
    if not hasattr(CloudWatchResponse, "put_composite_alarm"):
        # moto's put_metric_alarm already reads AlarmRule (composite alarms); the action was not routed
        CloudWatchResponse.put_composite_alarm = CloudWatchResponse.put_metric_alarm
    report.patch("cloudwatch-rpcv2-cbor", "CloudWatch Smithy RPCv2 CBOR route (POST /service/GraniteServiceVersion20100801/"
                 "operation/<Op>): decoded, run by moto's CloudWatch handler, answered in CBOR by the model's output shapes")
