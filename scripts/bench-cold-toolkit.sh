#!/usr/bin/env bash
# Cold build of the toolkit a stack crate compiles against: `ha-macros` + `ha-core` with the HA
# stack's service features, in a fresh target directory (crates already downloaded), N rounds.
# With BEFORE=<other checkout> the rounds alternate between that checkout and this one, so
# both are measured under the same machine load. Prints wall time and peak memory per build.
#
#   scripts/bench-cold-toolkit.sh [rounds]          BEFORE=/path/to/old/checkout optional
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
ROUNDS="${1:-3}"
# The services of the HA stack (ha-stack/Cargo.toml), as ha-core features.
FEATURES="$(sed -n 's/^ha-core = .*features = \[\(.*\)\].*/\1/p' "$ROOT/ha-stack/Cargo.toml" | tr -d ' "' | sed 's/\([a-z0-9]*\)/ha-core\/\1/g')"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT

one() {
  local label="$1" dir="$2"
  rm -rf "$TMP/target"
  local out
  out="$( { cd "$dir" && CARGO_TARGET_DIR="$TMP/target" /usr/bin/time -f '%e %M' \
    cargo build -q -p ha-macros -p ha-core --features "$FEATURES"; } 2>&1 | tail -n1)"
  printf '%s: %s s wall, %s MB peak\n' "$label" "${out% *}" "$(( ${out#* } / 1024 ))"
}

for i in $(seq 1 "$ROUNDS"); do
  if [ -n "${BEFORE:-}" ]; then one "round $i before" "$BEFORE"; fi
  one "round $i after" "$ROOT"
done
