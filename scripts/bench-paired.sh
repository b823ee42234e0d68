#!/usr/bin/env bash
# Paired edit-loop measurement: one-line edits of the HA stack in several checkouts, taken in
# turn (A, B, A, B, ...), so that a machine whose speed drifts during the run affects every
# side alike. Each checkout keeps its own target directory (warm it once first).
#
#   scripts/bench-paired.sh ROUNDS CHECKOUT...          edit -> template (cargo build + ha-stack synth)
#   MODE=check scripts/bench-paired.sh ROUNDS CHECKOUT...   cargo check after a valid edit
#   MODE=loop scripts/bench-paired.sh ROUNDS CHECKOUT...    edit -> template through `cargo synth`
#                                                            (ha-stack --features dylib)
# A checkout may name its own mode as CHECKOUT@MODE, and one checkout may be listed twice with
# different modes (the same tree, statically linked and through the edit loop, in turn).
#
# e.g. git worktree add --detach /tmp/before ed28ab1
#      MODE=check scripts/bench-paired.sh 9 /tmp/before .
#      scripts/bench-paired.sh 9 .@build .@loop
# Each round's edit is one character longer than the last (real edits change the length of the
# stack!{} invocation; docs/edit-loop.md); SAME_LENGTH=1 keeps every edit the same length.
# Prints every run and the median per checkout, in milliseconds. Every stack.rs is restored.
set -euo pipefail
ROUNDS="${1:?rounds}"
shift
[ "$#" -ge 1 ] || { echo "usage: $0 ROUNDS CHECKOUT..." >&2; exit 2; }
OUT="$(mktemp -d)"
. "$(dirname "${BASH_SOURCE[0]}")/bench-common.sh"
build() {
  case "$1" in
    build) cargo build -q -p ha-stack && target/debug/ha-stack synth --out "$OUT" >/dev/null ;;
    check) cargo check -q -p ha-stack ;;
    loop) cargo run -q -p ha-stack --features dylib -- synth --out "$OUT" >/dev/null ;;
  esac
}
TREES=() MODES=() NAMES=()
for arg in "$@"; do
  t="${arg%@*}" m="${MODE:-build}"
  [ "$t" = "$arg" ] || m="${arg##*@}"
  case "$m" in build | check | loop) ;; *) echo "mode \`$m\` (in \`$arg\`): must be build, check or loop" >&2; exit 2 ;; esac
  [ -f "$t/ha-stack/src/stack.rs" ] || { echo "\`$t\`: no ha-stack/src/stack.rs there" >&2; exit 2; }
  TREES+=("$(cd "$t" && pwd)"); MODES+=("$m"); NAMES+=("$(cd "$t" && pwd)@$m")
done
# One backup per distinct tree (a tree listed twice is restored from its first copy).
declare -A BACKUP
restore() { for t in "${!BACKUP[@]}"; do put_back "${BACKUP[$t]}" "$t/ha-stack/src/stack.rs"; done; }
for t in "${TREES[@]}"; do
  [ -n "${BACKUP[$t]:-}" ] && continue
  b="$(mktemp)"; cp -p "$t/ha-stack/src/stack.rs" "$b"; BACKUP[$t]="$b"
done
trap restore EXIT
declare -A TIMES
for i in "${!TREES[@]}"; do (cd "${TREES[$i]}" && build "${MODES[$i]}" >/dev/null 2>&1 || true); done
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!TREES[@]}"; do
    t="${TREES[$i]}" n="${NAMES[$i]}"
    close=$(grep -n '^}$' "${BACKUP[$t]}" | tail -n1 | cut -d: -f1)
    cp -p "${BACKUP[$t]}" "$t/ha-stack/src/stack.rs"
    sed -i "${close}s/^}/    output Paired${i}x$$ { Value: \"e$(edit_tag "$r")\" }\n}/" "$t/ha-stack/src/stack.rs"
    s=$(date +%s%N); (cd "$t" && build "${MODES[$i]}"); e=$(date +%s%N)
    TIMES[$n]="${TIMES[$n]:-} $(( (e - s) / 1000000 ))"
  done
done
for n in "${NAMES[@]}"; do
  med=$(median ${TIMES[$n]})
  echo "$n:${TIMES[$n]} -> median $med ms"
done
