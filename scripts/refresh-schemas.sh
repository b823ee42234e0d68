#!/usr/bin/env bash
# Refreshes the vendored CloudFormation registry schemas from a cfn-lint release on PyPI:
#
#   scripts/refresh-schemas.sh <cfn-lint version>      e.g. scripts/refresh-schemas.sh 1.59.0
#
# 1. downloads the cfn-lint wheel (pip download, no dependencies) into a temporary directory;
# 2. `ha-codegen vendor` copies every schema of its us-east-1 provider list into
#    schemas/resources, rewrites schemas/types.txt and schemas/SOURCE.md (version, wheel
#    sha256, schema date, digest of the vendored files) and prints the types and properties
#    added and removed since the previous copy;
# 3. scripts/vendor-getatts.py records the GetAtt attributes of that cfn-lint (run from the
#    wheel, so the project venv's own cfn-lint is not changed);
# 4. `ha-codegen generate` rewrites ha-core's resource modules, ha-registry's blobs and index
#    and ha-core's features, and `ha-codegen check` proves the result is consistent.
#
# Review the report and `git diff --stat` before committing: a removed type or property breaks
# stacks that use it, and the project venv (local/requirements.txt) should pin the same
# cfn-lint so that linting and the generated types agree.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSION="${1:-}"
if [ -z "$VERSION" ]; then
  echo "usage: scripts/refresh-schemas.sh <cfn-lint version>   (e.g. 1.59.0; see https://pypi.org/project/cfn-lint/)" >&2
  exit 2
fi
PY="$ROOT/.venv/bin/python"
if [ ! -x "$PY" ]; then
  echo "refresh-schemas: $ROOT/.venv is missing; run scripts/setup-python.sh first" >&2
  exit 1
fi
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

echo "==> downloading cfn-lint $VERSION"
"$PY" -m pip download --quiet --no-deps --only-binary=:all: "cfn-lint==$VERSION" -d "$WORK"
WHEEL="$(ls "$WORK"/cfn_lint-*.whl)"
(cd "$WORK" && "$PY" -m zipfile -e "$WHEEL" unpacked)
# The wheel next to the schemas directory: ha-codegen records its name and sha256.
mv "$WHEEL" "$WORK/unpacked/"

cd "$ROOT"
echo "==> vendoring"
cargo run -q --release -p ha-codegen -- vendor --from "$WORK/unpacked/cfnlint/data/schemas" --cfn-lint-version "$VERSION"
echo "==> GetAtt attributes (cfn-lint $VERSION)"
PYTHONPATH="$WORK/unpacked" "$PY" scripts/vendor-getatts.py
echo "==> generating"
cargo run -q --release -p ha-codegen -- generate | tail -1
cargo run -q --release -p ha-codegen -- check
echo "==> done: review schemas/SOURCE.md and git diff --stat"
