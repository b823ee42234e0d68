#!/usr/bin/env bash
# The main job without an AWS account: synthesize the HA stack, start the local
# CloudFormation endpoint (patched moto on 127.0.0.1), bootstrap, deploy the full stack,
# print its outputs (also written to cfn-outputs/flat-outputs.json).
#   scripts/quickstart.sh            # deploy; leaves the endpoint running for you to explore
#   scripts/quickstart.sh --destroy  # ...then destroy the stack and stop the endpoint
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SUFFIX="${ENVIRONMENT_SUFFIX:-dev}"
DESTROY=0
[ "${1:-}" = "--destroy" ] && DESTROY=1

echo "==> Python venv for the local endpoint"
scripts/setup-python.sh

echo "==> Building the CLI"
cargo build -q -p ha-app

APP=(target/debug/ha-app --suffix "$SUFFIX")

echo "==> synth"
"${APP[@]}" synth --out out

echo "==> Starting the local CloudFormation endpoint"
eval "$(scripts/local-endpoint.sh start)"

echo "==> bootstrap, deploy"
"${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" --yes bootstrap
"${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" --yes deploy

echo "==> outputs"
"${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" outputs

if [ "$DESTROY" = 1 ]; then
  echo "==> destroy"
  "${APP[@]}" --endpoint-url "$AWS_ENDPOINT_URL" --yes destroy
  scripts/local-endpoint.sh stop
else
  echo
  echo "The endpoint is still running at $AWS_ENDPOINT_URL."
  echo "Destroy with: target/debug/ha-app --suffix $SUFFIX --endpoint-url $AWS_ENDPOINT_URL --yes destroy"
  echo "Stop it with: scripts/local-endpoint.sh stop"
fi
