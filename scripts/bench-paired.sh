#!/usr/bin/env bash
# Paired edit-loop measurement: one-line edits of the HA stack in several checkouts, taken in
# turn (A, B, A, B, ...), so that a machine whose speed drifts during the run affects every
# side alike. Each checkout keeps its own target directory (warm it once first).
#
#   scripts/bench-paired.sh ROUNDS CHECKOUT...          edit -> template (cargo build + ha-stack synth)
#   MODE=check scripts/bench-paired.sh ROUNDS CHECKOUT...   cargo check after a valid edit
#
# e.g. git worktree add --detach /tmp/before ed28ab1
#      MODE=check scripts/bench-paired.sh 9 /tmp/before .
# Prints every run and the median per checkout, in milliseconds. Every stack.rs is restored.
set -euo pipefail
ROUNDS="${1:?rounds}"
shift
[ "$#" -ge 1 ] || { echo "usage: $0 ROUNDS CHECKOUT..." >&2; exit 2; }
OUT="$(mktemp -d)"
case "${MODE:-build}" in
  build) build() { cargo build -q -p ha-stack && target/debug/ha-stack synth --out "$OUT" >/dev/null; } ;;
  check) build() { cargo check -q -p ha-stack; } ;;
  *) echo "MODE must be build or check" >&2; exit 2 ;;
esac
TREES=()
for t in "$@"; do TREES+=("$(cd "$t" && pwd)"); done
BACKUPS=()
restore() { for i in "${!TREES[@]}"; do cp -p "${BACKUPS[$i]}" "${TREES[$i]}/ha-stack/src/stack.rs"; done; }
for t in "${TREES[@]}"; do
  b="$(mktemp)"; cp -p "$t/ha-stack/src/stack.rs" "$b"; BACKUPS+=("$b")
done
trap restore EXIT
declare -A TIMES
for t in "${TREES[@]}"; do (cd "$t" && build >/dev/null 2>&1 || true); done
for r in $(seq 1 "$ROUNDS"); do
  for i in "${!TREES[@]}"; do
    t="${TREES[$i]}"
    close=$(grep -n '^}$' "${BACKUPS[$i]}" | tail -n1 | cut -d: -f1)
    cp -p "${BACKUPS[$i]}" "$t/ha-stack/src/stack.rs"
    sed -i "${close}s/^}/    output Paired${r}x$$ { Value: \"e$r\" }\n}/" "$t/ha-stack/src/stack.rs"
    s=$(date +%s%N); (cd "$t" && build); e=$(date +%s%N)
    TIMES[$t]="${TIMES[$t]:-} $(( (e - s) / 1000000 ))"
  done
done
for t in "${TREES[@]}"; do
  med=$(printf '%s\n' ${TIMES[$t]} | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
  echo "$t:${TIMES[$t]} -> median $med ms"
done
