#!/usr/bin/env bash
# Offline validation cost: `ha-app synth` of the HA stack with and without AWS's validator and
# the deploy-failure pack (median wall time of RUNS, default 5; peak RSS of the process tree as
# reported by GNU time). Needs the .venv from scripts/setup-python.sh. No AWS account needed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-5}"
scripts/setup-python.sh >/dev/null
cargo build -q -p ha-app
OUT="$(mktemp -d)"
trap 'rm -rf "$OUT"' EXIT
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
# one run: "<seconds> <peak KB>"
measure() {
  /usr/bin/time -f '%e %M' -o "$OUT/time" "$@" >"$OUT/log" 2>&1 || { cat "$OUT/log" >&2; exit 1; }
  cat "$OUT/time"
}
row() {
  local label="$1"; shift
  local secs=() kbs=()
  for _ in $(seq 1 "$RUNS"); do
    read -r s k < <(measure "$@")
    secs+=("$s"); kbs+=("$k")
  done
  printf '%-52s %8.2f s %8d MB\n' "$label" "$(median "${secs[@]}")" "$(( $(median "${kbs[@]}") / 1024 ))"
}
printf '%-52s %10s %11s\n' "HA stack, median of $RUNS" "wall" "peak RSS"
row "ha-app synth --no-validate" target/debug/ha-app synth --no-validate --out "$OUT/a"
row "ha-app synth (validator + cdk-preflight pack)" target/debug/ha-app synth --out "$OUT/b"
row "ha-app validate (nothing written)" target/debug/ha-app validate
