#!/usr/bin/env bash
# Local CloudFormation endpoint (patched moto, see docs/local-endpoint.md).
#   scripts/local-endpoint.sh start|stop|status [--port N]
# Default port 5055 (or $LOCAL_ENDPOINT_PORT). Binds 127.0.0.1 only.
#   eval "$(scripts/local-endpoint.sh start)"   # exports AWS_ENDPOINT_URL and fake credentials
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY="$ROOT/.venv/bin/python"
PIDFILE="$ROOT/target/local-endpoint.pid"
LOG="$ROOT/target/local-endpoint.log"
PORT="${LOCAL_ENDPOINT_PORT:-5055}"

usage() { echo "usage: $0 start|stop|status [--port N]" >&2; exit 2; }
[ $# -ge 1 ] || usage
CMD="$1"; shift
while [ $# -gt 0 ]; do
  case "$1" in
    --port) [ $# -ge 2 ] || usage; PORT="$2"; shift 2 ;;
    --port=*) PORT="${1#--port=}"; shift ;;
    *) usage ;;
  esac
done
case "$PORT" in ''|*[!0-9]*) echo "local-endpoint: invalid port '$PORT'" >&2; exit 2 ;; esac
URL="http://127.0.0.1:$PORT"

running_pid() {
  [ -f "$PIDFILE" ] || return 1
  local pid; pid="$(cat "$PIDFILE" 2>/dev/null || true)"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && { echo "$pid"; return 0; }
  return 1
}

answers() {
  "$PY" - "$1" <<'PYEOF' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(sys.argv[1] + "/ha-local/report", timeout=1).read()
PYEOF
}

port_busy() {
  "$PY" - "$PORT" <<'PYEOF'
import socket, sys
s = socket.socket()
try:
    s.bind(("127.0.0.1", int(sys.argv[1])))
except OSError:
    sys.exit(0)
finally:
    s.close()
sys.exit(1)
PYEOF
}

print_env() {
  echo "export AWS_ENDPOINT_URL=$URL"
  echo "export AWS_ACCESS_KEY_ID=\${AWS_ACCESS_KEY_ID:-testing}"
  echo "export AWS_SECRET_ACCESS_KEY=\${AWS_SECRET_ACCESS_KEY:-testing}"
  echo "export AWS_REGION=\${AWS_REGION:-us-east-1}"
  echo "export AWS_DEFAULT_REGION=\${AWS_DEFAULT_REGION:-us-east-1}"
}

case "$CMD" in
  start)
    if [ ! -x "$PY" ]; then
      echo "local-endpoint: $ROOT/.venv is missing; run scripts/setup-python.sh first" >&2; exit 1
    fi
    if pid="$(running_pid)"; then
      if answers "$URL"; then
        echo "local-endpoint: already running (pid $pid) on $URL" >&2; print_env; exit 0
      fi
      echo "local-endpoint: pid $pid from $PIDFILE is running but $URL does not answer (other port?); stop it first" >&2; exit 1
    fi
    if port_busy; then
      echo "local-endpoint: port $PORT on 127.0.0.1 is already in use; choose another with --port N" >&2; exit 1
    fi
    mkdir -p "$ROOT/target"
    nohup "$PY" "$ROOT/local/moto_local.py" --host 127.0.0.1 --port "$PORT" >"$LOG" 2>&1 < /dev/null &
    pid=$!
    echo "$pid" > "$PIDFILE"
    for _ in $(seq 1 200); do
      if answers "$URL"; then
        echo "local-endpoint: started pid $pid on $URL (log $LOG)" >&2
        print_env; exit 0
      fi
      if ! kill -0 "$pid" 2>/dev/null; then
        echo "local-endpoint: server exited during start; last log lines:" >&2; tail -n 20 "$LOG" >&2 || true
        rm -f "$PIDFILE"; exit 1
      fi
      sleep 0.1
    done
    echo "local-endpoint: no answer from $URL within 20 s; stopping pid $pid (log $LOG)" >&2
    kill "$pid" 2>/dev/null || true
    rm -f "$PIDFILE"; exit 1
    ;;
  stop)
    if ! pid="$(running_pid)"; then
      echo "local-endpoint: not running" >&2; rm -f "$PIDFILE"; exit 0
    fi
    kill "$pid"
    for _ in $(seq 1 100); do
      kill -0 "$pid" 2>/dev/null || { rm -f "$PIDFILE"; echo "local-endpoint: stopped pid $pid" >&2; exit 0; }
      sleep 0.1
    done
    echo "local-endpoint: pid $pid did not exit after SIGTERM; sending SIGKILL" >&2
    kill -9 "$pid" 2>/dev/null || true
    rm -f "$PIDFILE"
    ;;
  status)
    if pid="$(running_pid)"; then
      if answers "$URL"; then echo "local-endpoint: running (pid $pid) on $URL"; exit 0; fi
      echo "local-endpoint: pid $pid running but $URL does not answer"; exit 1
    fi
    echo "local-endpoint: not running"; exit 3
    ;;
  *) usage ;;
esac
