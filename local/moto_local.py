#!/usr/bin/env python3
"""Local CloudFormation endpoint: moto server, in-process, with the ha-local patches.

    .venv/bin/python local/moto_local.py --host 127.0.0.1 --port 5055

Extra routes: POST /service/GraniteServiceVersion20100801/operation/<Op> (CloudWatch
over Smithy RPCv2 CBOR), GET /ha-local/report (JSON: patches, modelled types, custom resource
invocations); POST /moto-api/reset works as in moto (also clears the report's
per-run lists).  See docs/local-endpoint.md.
"""
import argparse
import json
import logging
import os
import signal
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))


def build_app(host: str, port: int):
    os.environ.setdefault("MOTO_PORT", str(port))
    import hamoto
    from hamoto import cbor_cloudwatch, report
    from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app

    hamoto.apply_all(host, port)
    moto_app = DomainDispatcherApplication(create_backend_app)

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.rstrip("/") == "/ha-local/report":
            body = json.dumps(report.snapshot(), indent=2, default=str,
                              ).encode()
            start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
            return [body]
        if path.endswith("/cfnresponse") and path.startswith("/cloudformation_"):
            # a custom resource response (AWS: a presigned S3 PUT, any content type);
            # moto's dispatcher misroutes form-encoded bodies, so drop the content type
            environ["CONTENT_TYPE"] = ""
        operation = cbor_cloudwatch.match(environ)
        if operation:
            return cbor_cloudwatch.handle(environ, start_response, moto_app, operation)
        if path.rstrip("/") == "/moto-api/reset" and environ.get("REQUEST_METHOD") == "POST":
            report.reset()
        return moto_app(environ, start_response)

    return app


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=int(os.environ.get("LOCAL_ENDPOINT_PORT", "5055")))
    parser.add_argument("--log-level", default=os.environ.get("HA_LOCAL_LOG_LEVEL", "INFO"))
    args = parser.parse_args(argv)
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        parser.error("the local endpoint binds loopback only (127.0.0.1)")
    os.environ["MOTO_PORT"] = str(args.port)
    logging.basicConfig(level=getattr(logging, args.log_level.upper(), logging.INFO),
                        format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stdout)
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    app = build_app(args.host, args.port)
    from moto.moto_server.werkzeug_app import MotoRequestHandler
    from werkzeug.serving import run_simple

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    print(f"ha-local endpoint listening on http://{args.host}:{args.port}", flush=True)
    run_simple(args.host, args.port, app, threaded=True, request_handler=MotoRequestHandler)


if __name__ == "__main__":
    main()
