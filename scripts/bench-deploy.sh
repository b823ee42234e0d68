#!/usr/bin/env bash
# Deploy benchmark against the local CloudFormation endpoint, in one run:
#   ha-app deploy (create), ha-app deploy again (no-op), ha-app destroy
#   ha-app deploy / destroy again with --poll-interval 30s (awscli's waiter interval)
#   aws cloudformation deploy (create) and delete-stack + wait, on the same synthesized template
# Polling: by default ha-app starts at 0.25 s and doubles up to 2 s; with --poll-interval 30s it
# polls every 30 s exactly (change set and stack). awscli's stack waiters poll every 30 s (its
# change-set waiter every 5 s), so the 30 s rows compare the two at the same interval.
# Prints a table of wall-clock seconds (median of RUNS, default 3). No AWS account needed.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
RUNS="${RUNS:-3}"
PORT="${BENCH_PORT:-5077}"
SUFFIX="bench"

scripts/setup-python.sh >/dev/null
cargo build -q -p ha-app
APP=(target/debug/ha-app --suffix "$SUFFIX")
"${APP[@]}" synth --out out/bench >/dev/null
TEMPLATE="$(ls out/bench/*.template.json | head -n1)"
STACK="$(basename "$TEMPLATE" .template.json)"

eval "$(scripts/local-endpoint.sh start --port "$PORT")"
trap 'scripts/local-endpoint.sh stop --port "$PORT" >/dev/null 2>&1 || true' EXIT
"${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" --yes bootstrap >/dev/null
BUCKET="$(.venv/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" s3api list-buckets --query 'Buckets[?starts_with(Name, `ha-cfn-staging-`)].Name' --output text | awk '{print $1}')"

LOG="$(mktemp)"
# Times one command; a failing command stops the benchmark with its output (a benchmark of a
# failure is no benchmark).
secs() {
  local t0 t1
  t0=$(date +%s%N)
  if ! "$@" >"$LOG" 2>&1; then
    echo "bench-deploy: failed: $*" >&2
    tail -n 30 "$LOG" >&2
    exit 1
  fi
  t1=$(date +%s%N)
  awk -v d="$((t1 - t0))" 'BEGIN { printf "%.3f", d / 1e9 }'
}
median() { printf '%s\n' "$@" | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -a ours_create ours_noop ours_destroy ours30_create ours30_destroy cli_create cli_delete
for i in $(seq 1 "$RUNS"); do
  ours_create+=("$(secs "${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" --yes deploy)")
  ours_noop+=("$(secs "${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" --yes deploy)")
  ours_destroy+=("$(secs "${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" --yes destroy)")
  ours30_create+=("$(secs "${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" --yes deploy --poll-interval 30s)")
  ours30_destroy+=("$(secs "${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" --yes destroy --poll-interval 30s)")
  cli_create+=("$(secs .venv/bin/aws --endpoint-url "$AWS_ENDPOINT_URL" cloudformation deploy \
      --template-file "$TEMPLATE" --stack-name "$STACK-cli" --s3-bucket "$BUCKET" \
      --capabilities CAPABILITY_IAM CAPABILITY_NAMED_IAM)")
  cli_delete+=("$(secs bash -c ".venv/bin/aws --endpoint-url $AWS_ENDPOINT_URL cloudformation delete-stack --stack-name $STACK-cli && .venv/bin/aws --endpoint-url $AWS_ENDPOINT_URL cloudformation wait stack-delete-complete --stack-name $STACK-cli")")
done

printf '\n%-44s %10s\n' "operation (local endpoint, median of $RUNS)" "seconds"
printf '%-44s %10.2f\n' "ha-app deploy (create, full HA stack)" "$(median "${ours_create[@]}")"
printf '%-44s %10.2f\n' "ha-app deploy again (no changes)" "$(median "${ours_noop[@]}")"
printf '%-44s %10.2f\n' "ha-app destroy" "$(median "${ours_destroy[@]}")"
printf '%-44s %10.2f\n' "ha-app deploy --poll-interval 30s (create)" "$(median "${ours30_create[@]}")"
printf '%-44s %10.2f\n' "ha-app destroy --poll-interval 30s" "$(median "${ours30_destroy[@]}")"
printf '%-44s %10.2f\n' "aws cloudformation deploy (create)" "$(median "${cli_create[@]}")"
printf '%-44s %10.2f\n' "aws cloudformation delete-stack + wait" "$(median "${cli_delete[@]}")"
