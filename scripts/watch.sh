#!/usr/bin/env bash
# The edit loop on save: watches a stack crate's sources; on every change runs `cargo check`
# (the macro's diagnostics, as fast as the compiler can give them) and, when it is clean, the
# synth-only binary (template written to --out). No extra tools needed: it polls mtimes.
#
#   scripts/watch.sh                     # ha-stack: check, then `ha-stack synth --out out`
#   scripts/watch.sh PACKAGE [ARGS...]   # another stack crate with a synth-only binary
#   WATCH_INTERVAL=0.2 scripts/watch.sh  # polling interval in seconds (default 0.3)
# Ctrl-C stops it.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PKG="${1:-ha-stack}"
shift || true
ARGS=("$@")
[ ${#ARGS[@]} -gt 0 ] || ARGS=(synth --out out)
DIR="$(cargo metadata --no-deps --format-version 1 2>/dev/null |
  python3 -c 'import json,sys,os; m=json.load(sys.stdin); p=[x for x in m["packages"] if x["name"]==sys.argv[1]]; print(os.path.dirname(p[0]["manifest_path"]) if p else "")' "$PKG")"
[ -n "$DIR" ] || { echo "watch: no package \`$PKG\` in this workspace" >&2; exit 2; }
INTERVAL="${WATCH_INTERVAL:-0.3}"

stamp() { find "$DIR" -path "$DIR/target" -prune -o -type f \( -name '*.rs' -o -name '*.js' -o -name '*.py' -o -name 'Cargo.toml' \) -printf '%T@ %p\n' 2>/dev/null | sort | cksum; }

round() {
  local t0 t1; t0=$(date +%s%N)
  printf '\n==> %s: cargo check\n' "$(date +%T)"
  if cargo check -q -p "$PKG" --message-format short; then
    cargo run -q -p "$PKG" -- "${ARGS[@]}"
  fi
  t1=$(date +%s%N)
  awk -v d=$((t1 - t0)) 'BEGIN { printf "==> done in %.2f s; watching for changes (Ctrl-C stops)\n", d / 1e9 }'
}

echo "watch: $PKG ($DIR), every ${INTERVAL}s"
last="$(stamp)"
round
while sleep "$INTERVAL"; do
  now="$(stamp)"
  if [ "$now" != "$last" ]; then
    last="$now"
    round
  fi
done
