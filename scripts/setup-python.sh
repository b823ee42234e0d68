#!/usr/bin/env bash
# Creates the project-local Python venv (.venv at the repo root) with local/requirements.txt,
# pinned by local/constraints.txt. Idempotent: skips the install when the stamp in .venv
# matches the hash of both files.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
REQ="$ROOT/local/requirements.txt"
CON="$ROOT/local/constraints.txt"
STAMP="$VENV/.ha-requirements.sha256"
PY="${PYTHON:-python3}"

hash_inputs() { cat "$REQ" "$CON" | sha256sum | cut -d' ' -f1; }

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
echo "$want" > "$STAMP"
echo "setup-python: done" >&2
