#!/usr/bin/env bash
# Measures the edit-to-template loop: append a one-line change (a new output) to a stack
# written with stack!{}, rebuild its crate incrementally, run synth (checks + template), and
# print the wall time; median of N runs (default 3). Two stacks:
#   - tests/examples/big_stack.rs: 151 resources, a small binary (the toolkit alone);
#   - ha-app/src/stack.rs: the HA stack (155 resources), whose binary also links the deploy
#     runner and the AWS SDK crates.
# Each source file is restored afterwards, even on failure or Ctrl-C.
#
#   scripts/bench-edit-loop.sh [runs]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-3}"
OUT="$(mktemp -d)"

now() { date +%s%N; }
secs() { awk -v d="$1" 'BEGIN { printf "%.2f", d / 1e9 }'; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

# loop NAME SOURCE LINE_PATTERN BUILD... -- RUN...
measure() {
  local name="$1" src="$2" anchor="$3" build="$4" run="$5"
  local backup; backup="$(mktemp)"
  cp -p "$src" "$backup"
  trap 'cp -p "'"$backup"'" "'"$src"'"' EXIT
  echo "==> $name: warm-up build (not timed)"
  eval "$build"
  local times=()
  for i in $(seq 1 "$RUNS"); do
    cp -p "$backup" "$src"
    # The one-line change: a new output, inserted before the line that closes stack!{}.
    sed -i "${anchor}s/^}/    output Edit${i}x$$ { Value: \"edit ${i}\" }\n}/" "$src"
    local t0 t1
    t0=$(now)
    eval "$build"
    eval "$run"
    t1=$(now)
    times+=("$(secs $((t1 - t0)))")
    printf '  run %d: %s s\n' "$i" "${times[-1]}"
  done
  cp -p "$backup" "$src"
  rm -f "$backup"
  trap - EXIT
  printf '%s: edit-to-template loop, median %s s over %d runs\n' "$name" "$(median "${times[@]}")" "$RUNS"
}

big_close=$(grep -n '^}' tests/examples/big_stack.rs | head -n1 | cut -d: -f1)
measure "big_stack (151 resources)" tests/examples/big_stack.rs "$big_close" \
  "cargo build -q -p ha-tests --example big_stack" \
  "target/debug/examples/big_stack >/dev/null"

app_close=$(grep -n '^}$' ha-app/src/stack.rs | tail -n1 | cut -d: -f1)
measure "ha-app (155 resources, CLI with the AWS SDK)" ha-app/src/stack.rs "$app_close" \
  "cargo build -q -p ha-app" \
  "target/debug/ha-app synth --out $OUT >/dev/null"
rm -rf "$OUT"
