#!/usr/bin/env bash
# Measures what a stack author feels after a one-line edit; median of N runs (default 5).
#   1. big_stack (tests/examples/big_stack.rs, 151 resources): the toolkit alone.
#   2. HA stack, the edit loop: `cargo synth` (cargo run -p ha-stack --features dylib -- synth:
#      the synth-only binary with the toolkit linked as a shared library; scripts/watch.sh).
#   2b. The same edit in the middle of the stack (mode `mid`; every line after it moves).
#   3. HA stack, synth-only path linked statically: rebuild ha-stack, run `ha-stack synth`.
#   4. HA stack, full CLI: rebuild ha-app (deploy runner + AWS SDK), run `ha-app synth`.
#   5. HA stack, edit -> first diagnostic: a one-line mistake (a reference to an undeclared
#      resource), `cargo check -p ha-stack` until the macro's error is printed.
#   6. The same mistake through the edit loop (`cargo synth`, as scripts/watch.sh runs it).
#   7. HA stack, `cargo check` after a valid one-line edit (expansion type-checked in full).
#   8. The same with every service feature of ha-core on (all 1,854 resource types compiled;
#      own target directory target/all-features, so the usual builds stay warm).
# The edit is a new output inserted before the line that closes stack!{} (in `mid`, before the
# Aurora section, about the middle of the stack's 700 lines); each run's edit is
# one character longer than the previous run's, as real edits change the length of the
# invocation (rustc then re-checks and re-generates everything the macro expanded to:
# docs/edit-loop.md). SAME_LENGTH=1 makes every run's edit the same length (the best case:
# rustc reuses what did not change). Every source file is restored afterwards, even on
# failure or Ctrl-C.
#
#   scripts/bench-edit-loop.sh [runs] [only]     only: big | fast | static | full | check | diag-loop
#                                                      | check-valid | check-all-features
#                                                (default: all but check-all-features)
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${1:-5}"
ONLY="${2:-all}"
OUT="$(mktemp -d)"

now() { date +%s%N; }
secs() { awk -v d="$1" 'BEGIN { printf "%.2f", d / 1e9 }'; }
. "$ROOT/scripts/bench-common.sh"

# measure NAME SOURCE CLOSE_LINE EDIT_TEMPLATE BUILD RUN
# EDIT_TEMPLATE is the inserted line; @I@ becomes the run number (a fresh edit each run).
measure() {
  local name="$1" src="$2" anchor="$3" edit="$4" build="$5" run="$6"
  local backup; backup="$(mktemp)"
  cp -p "$src" "$backup"
  trap 'put_back "'"$backup"'" "'"$src"'"' EXIT
  echo "==> $name: warm-up build (not timed)"
  eval "$build" >/dev/null 2>&1 || true
  local times=()
  for i in $(seq 1 "$RUNS"); do
    cp -p "$backup" "$src"
    local line="${edit//@I@/$(edit_tag "$i")x$$}"
    sed -i "${anchor}s/^/    ${line}\n/" "$src"
    local t0 t1
    t0=$(now)
    eval "$build"
    eval "$run"
    t1=$(now)
    times+=("$(secs $((t1 - t0)))")
    printf '  run %d: %s s\n' "$i" "${times[-1]}"
  done
  put_back "$backup" "$src"
  rm -f "$backup"
  trap - EXIT
  printf 'RESULT %s: median %s s over %d runs\n' "$name" "$(median "${times[@]}")" "$RUNS"
}

OUTPUT_EDIT='output Edit@I@ { Value: \"edit @I@\" }'
app_close=$(grep -n '^}$' ha-stack/src/stack.rs | tail -n1 | cut -d: -f1)

if [ "$ONLY" = all ] || [ "$ONLY" = big ]; then
  big_close=$(grep -n '^}' tests/examples/big_stack.rs | head -n1 | cut -d: -f1)
  measure "big_stack (151 resources) edit -> template" tests/examples/big_stack.rs "$big_close" \
    "$OUTPUT_EDIT" \
    "cargo build -q -p ha-tests --example big_stack" \
    "target/debug/examples/big_stack >/dev/null"
fi

if [ "$ONLY" = all ] || [ "$ONLY" = fast ]; then
  measure "HA stack edit -> template, the edit loop (cargo synth: toolkit as a shared library)" \
    ha-stack/src/stack.rs "$app_close" \
    "$OUTPUT_EDIT" \
    "cargo run -q -p ha-stack --features dylib -- synth --out $OUT >/dev/null" \
    "true"
fi

if [ "$ONLY" = all ] || [ "$ONLY" = mid ]; then
  # The same edit in the middle of the stack: every line after it moves.
  mid=$(grep -n '^    // -* Aurora PostgreSQL' ha-stack/src/stack.rs | head -n1 | cut -d: -f1)
  measure "HA stack edit in the middle -> template, the edit loop (cargo synth)" \
    ha-stack/src/stack.rs "$mid" \
    "$OUTPUT_EDIT" \
    "cargo run -q -p ha-stack --features dylib -- synth --out $OUT >/dev/null" \
    "true"
fi

if [ "$ONLY" = all ] || [ "$ONLY" = static ]; then
  measure "HA stack edit -> template, synth-only path linked statically (ha-stack synth)" \
    ha-stack/src/stack.rs "$app_close" \
    "$OUTPUT_EDIT" \
    "cargo build -q -p ha-stack" \
    "target/debug/ha-stack synth --out $OUT >/dev/null"
fi

if [ "$ONLY" = all ] || [ "$ONLY" = full ]; then
  measure "HA stack edit -> template, full CLI (ha-app synth)" ha-stack/src/stack.rs "$app_close" \
    "$OUTPUT_EDIT" \
    "cargo build -q -p ha-app" \
    "target/debug/ha-app synth --out $OUT >/dev/null"
fi

if [ "$ONLY" = all ] || [ "$ONLY" = check ]; then
  # The mistake must surface as the macro's own diagnostic (HA-G001, undeclared reference).
  measure "HA stack edit -> first diagnostic (cargo check)" ha-stack/src/stack.rs "$app_close" \
    'output Broken@I@ { Value: Ref(NoSuchResource) }' \
    "cargo check -q -p ha-stack --message-format short >$OUT/check.log 2>&1 || true" \
    "grep -q 'NoSuchResource' $OUT/check.log || { cat $OUT/check.log >&2; exit 1; }"
fi

if [ "$ONLY" = all ] || [ "$ONLY" = diag-loop ]; then
  # The same mistake through the edit loop: the build stops at the macro's error.
  measure "HA stack edit -> first diagnostic through the edit loop (cargo synth)" \
    ha-stack/src/stack.rs "$app_close" \
    'output Broken@I@ { Value: Ref(NoSuchResource) }' \
    "cargo run -q -p ha-stack --features dylib --message-format short -- synth --out $OUT >$OUT/loop.log 2>&1 || true" \
    "grep -q 'NoSuchResource' $OUT/loop.log || { cat $OUT/loop.log >&2; exit 1; }"
fi

if [ "$ONLY" = all ] || [ "$ONLY" = check-valid ]; then
  measure "HA stack cargo check after a one-line edit" ha-stack/src/stack.rs "$app_close" \
    "$OUTPUT_EDIT" \
    "cargo check -q -p ha-stack" \
    "true"
fi

if [ "$ONLY" = check-all-features ]; then
  measure "HA stack cargo check after a one-line edit, every service feature on" ha-stack/src/stack.rs "$app_close" \
    "$OUTPUT_EDIT" \
    "CARGO_TARGET_DIR=$ROOT/target/all-features cargo check -q -p ha-stack --features ha-core/all" \
    "true"
fi
rm -rf "$OUT"
