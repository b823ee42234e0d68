#!/usr/bin/env bash
# Measures the edit-to-template loop on the 151-resource benchmark stack
# (tests/examples/big_stack.rs): append a one-line change to the stack source, rebuild its
# crate incrementally, run synth (checks + template), and print the wall time. Median of N
# runs (default 3). The source file is restored afterwards, even on failure or Ctrl-C.
#
#   scripts/bench-edit-loop.sh [runs]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

RUNS="${1:-3}"
SRC="tests/examples/big_stack.rs"
BACKUP="$(mktemp)"
cp -p "$SRC" "$BACKUP"
restore() { cp -p "$BACKUP" "$SRC"; rm -f "$BACKUP"; }
trap restore EXIT

build() { cargo build -q -p ha-tests --example big_stack; }
run() { "target/debug/examples/big_stack" >/dev/null; }

echo "==> warm-up build (not timed)"
build

times=()
for i in $(seq 1 "$RUNS"); do
  cp -p "$BACKUP" "$SRC"
  # The one-line change: a new output in the stack (the closing `}` of `stack!{}` is the
  # line starting with `}`; insert before it).
  sed -i "0,/^}/s//    output Edit${i}x$$ { Value: Ref(Queue$((i % 50))) }\n}/" "$SRC"
  start=$(date +%s.%N)
  build
  run
  end=$(date +%s.%N)
  t=$(echo "$end - $start" | bc -l)
  printf 'run %d: %.2f s\n' "$i" "$t"
  times+=("$t")
done

median=$(printf '%s\n' "${times[@]}" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
printf 'edit-to-template loop (incremental build + synth of %s): median %.2f s over %d runs\n' "$SRC" "$median" "$RUNS"
