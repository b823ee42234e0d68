"""Writes schemas/getatts.json: the attributes Fn::GetAtt accepts per generated type.

CloudFormation accepts GetAtt of more than a schema's readOnlyProperties for some types
(e.g. AWS::Events::EventBus.Name, AWS::SQS::Queue.QueueName). cfn-lint 1.58.0 encodes those
rules (cfnlint/schema/_getatts.py); this script records its answer for the types listed in
schemas/types.txt so that ha-codegen can generate the same attribute set without Python.
Run with the project venv: .venv/bin/python scripts/vendor-getatts.py
"""

import json
import pathlib
import sys

from cfnlint.schema import PROVIDER_SCHEMA_MANAGER

ROOT = pathlib.Path(__file__).resolve().parent.parent


def main() -> int:
    types = [
        line.strip()
        for line in (ROOT / "schemas/types.txt").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    out = {}
    for t in types:
        schema = PROVIDER_SCHEMA_MANAGER.get_resource_schema("us-east-1", t)
        names = sorted(k.replace("\\", "") for k in schema.get_atts.keys())
        out[t] = [n for n in names if "*" not in n and "(" not in n]
    path = ROOT / "schemas/getatts.json"
    path.write_text(json.dumps(out, indent=2, sort_keys=True) + "\n")
    print(f"wrote {path.relative_to(ROOT)}: {len(out)} types")
    return 0


if __name__ == "__main__":
    sys.exit(main())
