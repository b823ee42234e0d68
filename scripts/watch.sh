#!/usr/bin/env bash
# The edit loop on save: watches a stack crate's sources; on every change builds and runs its
# synth-only binary (`cargo run`, template written to --out). A mistake shows as the compiler's
# diagnostic, the macro's errors first: the build's front end is the one `cargo check` runs, so
# they print as early as a `cargo check` would print them (docs/edit-loop.md), and the
# template follows when the stack is clean. No extra tools needed: it polls mtimes.
# A package with a `dylib` feature (ha-stack) is run with it: the toolkit linked as a shared
# library, so each round relinks only the stack's own code.
#
#   scripts/watch.sh                     # ha-stack: `cargo synth --out out`
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
# Prints the package's directory, then "dylib" when it has that feature.
META="$(cargo metadata --no-deps --format-version 1 2>/dev/null |
  python3 -c 'import json,sys,os; m=json.load(sys.stdin); p=[x for x in m["packages"] if x["name"]==sys.argv[1]]; print(os.path.dirname(p[0]["manifest_path"]) if p else ""); print("dylib" if p and "dylib" in p[0]["features"] else "")' "$PKG")"
DIR="$(printf '%s\n' "$META" | sed -n 1p)"
[ -n "$DIR" ] || { echo "watch: no package \`$PKG\` in this workspace" >&2; exit 2; }
FEATURES=()
[ "$(printf '%s\n' "$META" | sed -n 2p)" = dylib ] && FEATURES=(--features dylib)
INTERVAL="${WATCH_INTERVAL:-0.3}"

stamp() { find "$DIR" -path "$DIR/target" -prune -o -type f \( -name '*.rs' -o -name '*.js' -o -name '*.py' -o -name 'Cargo.toml' \) -printf '%T@ %p\n' 2>/dev/null | sort | cksum; }

round() {
  local t0 t1; t0=$(date +%s%N)
  printf '\n==> %s: cargo run -p %s %s\n' "$(date +%T)" "$PKG" "${FEATURES[*]}"
  cargo run -q -p "$PKG" "${FEATURES[@]}" --message-format short -- "${ARGS[@]}"
  t1=$(date +%s%N)
  awk -v d=$((t1 - t0)) 'BEGIN { printf "==> done in %.2f s; watching for changes (Ctrl-C stops)\n", d / 1e9 }'
}

echo "watch: $PKG ($DIR)${FEATURES[*]:+, ${FEATURES[*]}}, every ${INTERVAL}s"
last="$(stamp)"
round
while sleep "$INTERVAL"; do
  now="$(stamp)"
  if [ "$now" != "$last" ]; then
    last="$now"
    round
  fi
done
