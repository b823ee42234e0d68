"""Runs one inline-Python Lambda handler invocation (used by hamoto.custom).

Reads a JSON spec on stdin: code_dir, handler ("index.handler"), event, function_name,
function_arn, memory, timeout, request_id.  Output goes to stdout/stderr (captured
into the endpoint log by the parent)."""
import importlib
import json
import sys
import time
import traceback


class LambdaContext:
    def __init__(self, spec):
        self._deadline = time.time() + float(spec["timeout"])
        self.function_name = spec["function_name"]
        self.function_version = "$LATEST"
        self.invoked_function_arn = spec["function_arn"]
        self.memory_limit_in_mb = str(spec["memory"])
        self.aws_request_id = spec["request_id"]
        self.log_group_name = f"/aws/lambda/{self.function_name}"
        self.log_stream_name = time.strftime("%Y/%m/%d") + "/[$LATEST]" + spec["request_id"].replace("-", "")
        self.identity = None
        self.client_context = None

    def get_remaining_time_in_millis(self):
        return max(0, int((self._deadline - time.time()) * 1000))


def main():
    spec = json.loads(sys.stdin.read())
    sys.path.insert(0, spec["code_dir"])
    module_name, _, func_name = spec["handler"].rpartition(".")
    ctx = LambdaContext(spec)
    print(f"START RequestId: {ctx.aws_request_id} Version: $LATEST", flush=True)
    try:
        module = importlib.import_module(module_name.replace("/", "."))
        handler = getattr(module, func_name)
        result = handler(spec["event"], ctx)
        print(f"END RequestId: {ctx.aws_request_id} result={json.dumps(result, default=str)[:500]}", flush=True)
        return 0
    except Exception as exc:
        print(json.dumps({"errorMessage": str(exc), "errorType": type(exc).__name__,
                          "stackTrace": traceback.format_exc().splitlines()}), flush=True)
        print(f"END RequestId: {ctx.aws_request_id} (handler raised)", flush=True)
        return 1


if __name__ == "__main__":
    sys.exit(main())
