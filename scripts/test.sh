#!/usr/bin/env bash
# The project's whole test suite: the README's "run all the tests" command.
# Needs: the Rust toolchain with clippy, rustfmt and llvm-tools-preview, cargo-llvm-cov,
# and the Python venv from scripts/setup-python.sh (.ci/run installs all of them).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
step() { printf '\n==> %s\n' "$*"; }

# Coverage floors (lines, functions) of hand-written Rust code. Generated code is excluded:
# ha-core/src/resources/ and ha-registry/src/generated.rs (written by ha-codegen from the
# CloudFormation schemas; `ha-codegen check` proves them current), and the three-line
# proc-macro shim ha-macros/src/lib.rs (it runs inside rustc, where coverage is not
# recorded; its body is `ha_macros_core::stack`, which the unit tests cover). Test code is
# excluded too: tests, examples, benchmarks and the test-support crate ha-testkit.
COVERAGE_EXCLUDE='(ha-core/src/resources/|ha-registry/src/generated\.rs|ha-macros/src/lib\.rs|ha-testkit/|tests/ui/|/benches/|/examples/)'
MIN_LINES="${MIN_LINES:-100}"
MIN_FUNCTIONS="${MIN_FUNCTIONS:-100}"

step "rustfmt"
cargo fmt --all -- --check

step "generated resource types are current (ha-codegen check)"
cargo run -q -p ha-codegen -- check

step "every registry type compiles (cargo check of ha-core with all 308 service features)"
# The rest of the suite builds only the services the workspace's stacks use.
cargo check -q -p ha-core --features all

step "clippy (-D warnings)"
cargo clippy -q --workspace --all-targets -- -D warnings
# ha-stack with its edit-loop feature (the toolkit as a shared library) and that feature's test.
cargo clippy -q -p ha-stack --features dylib --all-targets -- -D warnings

step "Python: custom-resource handlers (100% line coverage)"
.venv/bin/coverage erase
.venv/bin/coverage run --include='handlers/*.py' -m pytest -q handlers/tests
.venv/bin/coverage report --fail-under=100

step "Python: offline validator wrapper (tools/cfn_validate.py)"
.venv/bin/python -m pytest -q tools/tests
.venv/bin/python tools/pack_lock.py check

step "Python: local CloudFormation endpoint"
.venv/bin/python -m pytest -q local/tests

step "Rust: all tests (unit, trybuild, assertions, end-to-end) with coverage"
# Stale instrumented objects from older builds would skew the report: start clean.
cargo llvm-cov clean --workspace
# ha-dylib is left out: it has no code of its own (re-exports), and an instrumented shared
# library holding ha-core's code would be a second copy of it for the report.
cargo llvm-cov --workspace --exclude ha-dylib \
  --ignore-filename-regex "$COVERAGE_EXCLUDE" \
  --fail-under-lines "$MIN_LINES" --fail-under-functions "$MIN_FUNCTIONS" \
  --summary-only

step "Rust: the edit loop's binary (ha-stack --features dylib, toolkit as a shared library) writes the same bytes"
# A required-features test, so it runs in its own invocation (not instrumented).
cargo test -q -p ha-stack --features dylib --test dylib_path

step "offline validator and cfn-lint on the HA stack and the example apps (links: two stacks, orders)"
# The CLI binary built by the coverage run above (no third build of the AWS SDK crates).
APP=target/llvm-cov-target/debug/ha-app
[ -x "$APP" ] || { cargo build -q -p ha-app; APP=target/debug/ha-app; }
"$APP" synth --out out
.venv/bin/cfn-lint --regions us-east-1 -- out/*.template.json
LINKS=target/llvm-cov-target/debug/links
[ -x "$LINKS" ] || { cargo build -q -p links-example; LINKS=target/debug/links; }
"$LINKS" synth --out out-links
ORDERS=target/llvm-cov-target/debug/orders
[ -x "$ORDERS" ] || { cargo build -q -p orders-example; ORDERS=target/debug/orders; }
"$ORDERS" synth --out out-orders
.venv/bin/cfn-lint --regions us-east-1 -- out-links/*.template.json out-orders/*.template.json
echo "cfn-lint: 0 errors, 0 warnings"

echo
echo "all checks passed"
