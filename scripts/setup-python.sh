#!/usr/bin/env bash
# Creates the project-local Python venv (.venv at the repo root) with local/requirements.txt,
# pinned by local/constraints.txt. Idempotent: skips the install when the stamp in .venv
# matches the hash of both files.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQ="$ROOT/local/requirements.txt"
CON="$ROOT/local/constraints.txt"
# The cdk-preflight rule pack is read as data from its bundle (tools/cfn_validate.py); its own
# dependencies (aws-cdk-lib, jsii: ~430 MB and Node.js) are never imported, so it is installed
# without them.
# Version and wheel checksum come from local/pack.lock (pip --require-hashes verifies the
# download); tools/pack_lock.py check proves the installed bundle is the locked one.
LOCK="$ROOT/local/pack.lock"
lock_value() { sed -n "s/^$1 *= *//p" "$LOCK"; }
PACK="$(lock_value package)==$(lock_value version) --hash=sha256:$(lock_value wheel_sha256)"
STAMP="$VENV/.ha-requirements.sha256"
PY="${PYTHON:-python3}"

hash_inputs() { { cat "$REQ" "$CON"; echo "$PACK"; } | sha256sum | cut -d' ' -f1; }

if [ ! -x "$VENV/bin/python" ]; then
  echo "setup-python: creating $VENV" >&2
  "$PY" -m venv "$VENV"
fi
want="$(hash_inputs)"
if [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  echo "setup-python: $VENV is up to date" >&2
  exit 0
fi
echo "setup-python: installing $REQ (constraints $CON)" >&2
"$VENV/bin/python" -m pip install -q --disable-pip-version-check -r "$REQ" -c "$CON"
PACK_REQ="$(mktemp)"
trap 'rm -f "$PACK_REQ"' EXIT
echo "$PACK" > "$PACK_REQ"
"$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps --require-hashes -r "$PACK_REQ"
echo "$want" > "$STAMP"
echo "setup-python: done" >&2
