#!/usr/bin/env bash
# Compile time of a stack!{} crate against its size: generates stacks of N resources (a KMS
# key plus log groups, queues and topics that reference it), builds each in its own crate and
# prints the wall time of compiling that crate alone, from scratch (dependencies are built
# first, untimed).
#
#   scripts/bench-scale.sh [profile] [sizes...]      profile: dev (default) or release
#   TOOLKIT=/path/to/other/checkout scripts/bench-scale.sh ...   measure another version
#
# Crates live under target/bench-scale/ (standalone workspaces, not members of this one).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLKIT="${TOOLKIT:-$ROOT}"
PROFILE="${1:-dev}"
shift || true
SIZES=("$@")
[ ${#SIZES[@]} -gt 0 ] || SIZES=(150 500 1500)
case "$PROFILE" in dev) FLAG="" ;; release) FLAG="--release" ;; *) echo "profile: dev or release" >&2; exit 2 ;; esac
WORK="$ROOT/target/bench-scale"
export CARGO_TARGET_DIR="$WORK/target-$(echo "$TOOLKIT" | cksum | cut -d' ' -f1)"
mkdir -p "$WORK"

gen() { # gen N DIR
  local n="$1" dir="$2"
  mkdir -p "$dir/src"
  cat >"$dir/Cargo.toml" <<TOML
[package]
name = "scale-stack"
version = "0.0.0"
edition = "2021"
publish = false

[workspace]

[dependencies]
ha-core = { path = "$TOOLKIT/ha-core", default-features = false, features = ["kms", "logs", "sqs", "sns"] }
ha-macros = { path = "$TOOLKIT/ha-macros" }

[profile.dev]
debug = "line-tables-only"
[profile.dev.package."*"]
debug = false
TOML
  python3 - "$n" >"$dir/src/main.rs" <<'PY'
import sys
n = int(sys.argv[1])
print("use ha_macros::stack;\n\nstack! {\n    stack Scale {\n        name: \"Scale${Suffix}\",\n        tags: { Project: \"scale\" },\n    }\n")
print('    resource Key: kms::Key { EnableKeyRotation: true, KeyPolicy: { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: { AWS: "arn:${AWS::Partition}:iam::${AWS::AccountId}:root" }, Action: "kms:*", Resource: "*" }] } }')
kinds = [
    ('Logs{i}: logs::LogGroup {{ LogGroupName: "/scale/${{Suffix}}/g{i}", RetentionInDays: 7, KmsKeyId: Key.Arn }}'),
    ('Queue{i}: sqs::Queue {{ QueueName: "scale-q{i}-${{Suffix}}", KmsMasterKeyId: Ref(Key), VisibilityTimeout: 30 }}'),
    ('Topic{i}: sns::Topic {{ TopicName: "scale-t{i}-${{Suffix}}", KmsMasterKeyId: Ref(Key) }}'),
]
for i in range(n - 1):
    print("    resource " + kinds[i % 3].format(i=i))
print("}\n\nfn main() {\n    let s = Scale::synth(&ha_core::Env::new(\"dev\", \"bench\"));\n    println!(\"{}\", s.template.resources.len());\n}")
PY
}

now() { date +%s%N; }
echo "toolkit: $TOOLKIT; profile: $PROFILE"
for n in "${SIZES[@]}"; do
  dir="$WORK/n$n"
  gen "$n" "$dir"
  # Dependencies first (untimed), then the stack crate alone.
  (cd "$dir" && cargo build -q $FLAG 2>/dev/null) || true
  # A full compile of the stack crate (no incremental reuse): clean it, then time the build.
  (cd "$dir" && cargo clean -q -p scale-stack $FLAG)
  t0=$(now)
  if ! (cd "$dir" && cargo build -q $FLAG); then
    echo "RESULT $n resources ($PROFILE): build FAILED"
    continue
  fi
  t1=$(now)
  bin="$CARGO_TARGET_DIR/$([ "$PROFILE" = dev ] && echo debug || echo release)/scale-stack"
  got=$("$bin")
  [ "$got" = "$n" ] || { echo "expected $n resources, the stack rendered $got" >&2; exit 1; }
  awk -v n="$n" -v p="$PROFILE" -v d=$((t1 - t0)) 'BEGIN { printf "RESULT %d resources (%s): %.1f s\n", n, p, d / 1e9 }'
done
