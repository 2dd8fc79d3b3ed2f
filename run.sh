#!/usr/bin/env bash
# Starts the whole shop locally: one silo and the HTTP gateway on the embedded default
# (localhost clustering, in-memory storage, memory streams: NOT durable).
# Ctrl-C or SIGTERM stops both processes.
#
#   ./run.sh                 gateway on http://127.0.0.1:8080
#   GATEWAY_PORT=9090 ./run.sh
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONFIGURATION="${CONFIGURATION:-Release}"
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
SILO_HTTP_PORT="${SILO_HTTP_PORT:-8081}"
DATA="$ROOT/.data"
LOGS="$DATA/logs"
export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_ENVIRONMENT="$ASPNETCORE_ENVIRONMENT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pids=()
stop_all() {
  trap - INT TERM EXIT
  if ((${#pids[@]})); then
    echo "Stopping (pids ${pids[*]})..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 100); do
      kill -0 "${pids[@]}" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
  fi
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

wait_ready() { # name url pid
  for _ in $(seq 1 240); do
    if curl -fsS -o /dev/null "$2" 2>/dev/null; then return 0; fi
    if ! kill -0 "$3" 2>/dev/null; then
      echo "$1 exited during start-up; see $LOGS/$1.log" >&2; tail -n 30 "$LOGS/$1.log" >&2; return 1
    fi
    sleep 0.5
  done
  echo "$1 did not become ready; see $LOGS/$1.log" >&2; return 1
}

for port in "$GATEWAY_PORT" "$SILO_HTTP_PORT" 11311 30311; do
  if port_busy "$port"; then echo "Port $port on 127.0.0.1 is already in use; stop what holds it first." >&2; exit 1; fi
done

mkdir -p "$LOGS" "$DATA/mail"
echo "Building ($CONFIGURATION)..."
dotnet build "$ROOT/Orleans.Shop.sln" -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly >"$LOGS/build.log" 2>&1 \
  || { cat "$LOGS/build.log" >&2; exit 1; }

start() { # name dll-dir dll args...
  local name=$1 dir=$2 dll=$3; shift 3
  (cd "$dir" && exec dotnet "$dll" "$@") >"$LOGS/$name.log" 2>&1 &
  pids+=($!)
}

echo "WARNING: embedded mode. Storage, streams and reminders are in memory: data is lost when the silo stops."
start silo "$ROOT/src/Silo/bin/$CONFIGURATION/net10.0" Shop.Silo.dll \
  --urls "http://127.0.0.1:$SILO_HTTP_PORT" --Shop:Email:PickupDirectory="$DATA/mail"
wait_ready silo "http://127.0.0.1:$SILO_HTTP_PORT/ready" "${pids[0]}"

start gateway "$ROOT/src/Gateway/bin/$CONFIGURATION/net10.0" Shop.Gateway.dll \
  --urls "http://127.0.0.1:$GATEWAY_PORT"
wait_ready gateway "http://127.0.0.1:$GATEWAY_PORT/ready" "${pids[1]}"

cat <<MSG

Orleans.Shop is running.
  Gateway:      http://127.0.0.1:$GATEWAY_PORT   (try: curl http://127.0.0.1:$GATEWAY_PORT/api/products)
  Silo health:  http://127.0.0.1:$SILO_HTTP_PORT/ready
  Admin (DEVELOPMENT ONLY): admin@shop.local / dev-only-admin-password
  E-mails:      $DATA/mail
  Logs:         $LOGS
Press Ctrl-C to stop.
MSG

# Whichever process exits first ends the run (and the trap stops the other).
wait -n "${pids[@]}" || true
echo "A process exited; stopping." >&2
