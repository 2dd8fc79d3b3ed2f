#!/usr/bin/env bash
# Starts the whole shop locally and stops it on Ctrl-C or SIGTERM.
#
#   ./run.sh                          embedded default: one silo, in memory (NOT durable)
#   ./run.sh --postgres               durable: a local PostgreSQL under .data/postgres (started or reused)
#   ./run.sh --postgres --silos 3     three silo processes forming one cluster
#
# Environment: GATEWAY_PORT (8080), SILO_HTTP_PORT (8081, then +1 per silo), SHOP_PG_PORT (55432),
# CONFIGURATION (Release).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
CONFIGURATION="${CONFIGURATION:-Release}"
GATEWAY_PORT="${GATEWAY_PORT:-8080}"
SILO_HTTP_PORT="${SILO_HTTP_PORT:-8081}"
PG_PORT="${SHOP_PG_PORT:-55432}"
DATA="$ROOT/.data"
LOGS="$DATA/logs"
POSTGRES=false
SILOS=1

while (($#)); do
  case "$1" in
    --postgres) POSTGRES=true ;;
    --silos) SILOS="${2:?--silos needs a number}"; shift ;;
    -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
    *) echo "Unknown option: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done
[[ "$SILOS" =~ ^[1-9][0-9]?$ ]] || { echo "--silos must be 1 to 99" >&2; exit 2; }
if ((SILOS > 1)) && ! $POSTGRES; then
  echo "--silos $SILOS needs --postgres: silos find each other in the PostgreSQL membership table." >&2; exit 2
fi

export ASPNETCORE_ENVIRONMENT="${ASPNETCORE_ENVIRONMENT:-Development}"
export DOTNET_ENVIRONMENT="$ASPNETCORE_ENVIRONMENT"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

pids=()
started_postgres=false
stop_all() {
  trap - INT TERM EXIT
  if ((${#pids[@]})); then
    echo "Stopping (pids ${pids[*]})..."
    kill -TERM "${pids[@]}" 2>/dev/null || true
    for _ in $(seq 1 150); do
      kill -0 "${pids[@]}" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL "${pids[@]}" 2>/dev/null || true
    wait 2>/dev/null || true
  fi
  if $started_postgres; then
    echo "Stopping PostgreSQL (data stays in $DATA/postgres)..."
    pg stop -m fast >/dev/null 2>&1 || true
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

# --- PostgreSQL (durable mode) -------------------------------------------------------------
PG_BIN=""
find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k4 -n -r) "$(dirname "$(command -v pg_ctl 2>/dev/null || echo /nonexistent/x)")"; do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then PG_BIN="$dir"; return 0; fi
  done
  return 1
}
# Runs a PostgreSQL tool; as root, as the 'postgres' user (the server refuses to run as root).
as_pg() { if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
pg() { as_pg "$PG_BIN/pg_ctl" -D "$DATA/postgres/data" "$@"; }

start_postgres() {
  find_pg_bin || { echo "PostgreSQL server binaries not found. Install them: sudo apt-get install -y postgresql" >&2; exit 1; }
  mkdir -p "$DATA/postgres"
  if [ "$(id -u)" -eq 0 ]; then chown postgres:postgres "$DATA/postgres"; fi
  if [ ! -f "$DATA/postgres/data/PG_VERSION" ]; then
    echo "Creating a local PostgreSQL cluster in $DATA/postgres/data ..."
    as_pg "$PG_BIN/initdb" -D "$DATA/postgres/data" -U shop --auth=trust --encoding=UTF8 >"$LOGS/initdb.log" 2>&1 \
      || { cat "$LOGS/initdb.log" >&2; exit 1; }
  fi
  if pg status >/dev/null 2>&1; then
    echo "Reusing the PostgreSQL already running on $DATA/postgres/data."
  else
    if port_busy "$PG_PORT"; then echo "Port $PG_PORT is in use; set SHOP_PG_PORT." >&2; exit 1; fi
    # Each silo pools at most 10 connections per database (60 in all): room for several silos.
    pg -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -c max_connections=300 -k $DATA/postgres" -l "$DATA/postgres/server.log" -w -t 60 start >/dev/null
    started_postgres=true
    echo "PostgreSQL started on 127.0.0.1:$PG_PORT."
  fi
  # The running server's port (a reused server may have been started with another one).
  PG_PORT=$(sed -n '4p' "$DATA/postgres/data/postmaster.pid")
  local db
  for db in Cluster Users Inventory Orders Notifications Analytics; do
    export "ConnectionStrings__$db=Host=127.0.0.1;Port=$PG_PORT;Username=shop;Database=shop_${db,,}"
  done
}

# --- start ------------------------------------------------------------------------------------
mkdir -p "$LOGS" "$DATA/mail"
for port in "$GATEWAY_PORT" $(seq "$SILO_HTTP_PORT" $((SILO_HTTP_PORT + SILOS - 1))) \
            $(seq 11311 $((11311 + SILOS - 1))) $(seq 30311 $((30311 + SILOS - 1))); do
  if port_busy "$port"; then echo "Port $port on 127.0.0.1 is already in use; stop what holds it first." >&2; exit 1; fi
done

echo "Building ($CONFIGURATION)..."
dotnet build "$ROOT/Orleans.Shop.sln" -c "$CONFIGURATION" -nologo -v quiet -clp:ErrorsOnly >"$LOGS/build.log" 2>&1 \
  || { cat "$LOGS/build.log" >&2; exit 1; }
SILO_DIR="$ROOT/src/Silo/bin/$CONFIGURATION/net10.0"
GATEWAY_DIR="$ROOT/src/Gateway/bin/$CONFIGURATION/net10.0"

start() { # name dir dll args...
  local name=$1 dir=$2 dll=$3; shift 3
  (cd "$dir" && exec dotnet "$dll" "$@") >"$LOGS/$name.log" 2>&1 &
  pids+=($!)
}

# Zero trust inside the cluster: mutual TLS on every Orleans connection (certificates from a
# throwaway CA), and the gateway signs its calls with a key the silos trust. Locally these live in
# the git-ignored .dev-certs folder; production credentials come from secrets.
KEYS="$ROOT/.dev-certs"
if [ ! -f "$KEYS/ca.pem" ] || [ ! -f "$KEYS/gateway-identity.key.pem" ]; then
  echo "Creating development credentials in $KEYS ..."
  (cd "$SILO_DIR" && dotnet Shop.Silo.dll dev-keys "$KEYS") >/dev/null || { echo "Could not create development credentials." >&2; exit 1; }
fi
export Shop__Tls__CaFile="$KEYS/ca.pem"
export Shop__Authorization__TrustedKeys__gateway__PublicKeyFile="$KEYS/gateway-identity.pub.pem"
export Shop__ServiceIdentity__PrivateKeyFile="$KEYS/gateway-identity.key.pem"

if $POSTGRES; then
  start_postgres
  export Shop__Persistence=Postgres
  echo "Creating or upgrading the schema..."
  (cd "$SILO_DIR" && dotnet Shop.Silo.dll migrate) || { echo "Schema migration failed." >&2; exit 1; }
else
  echo "WARNING: embedded mode. Storage, streams and reminders are in memory: data is lost when the silo stops."
fi

silo_pids=()
for i in $(seq 0 $((SILOS - 1))); do
  start "silo$i" "$SILO_DIR" Shop.Silo.dll --urls "http://127.0.0.1:$((SILO_HTTP_PORT + i))" \
    --Shop:Cluster:SiloPort=$((11311 + i)) --Shop:Cluster:GatewayPort=$((30311 + i)) \
    --Shop:Email:PickupDirectory="$DATA/mail" --Shop:Catalog:SeedDemo=$([ "$i" -eq 0 ] && echo true || echo false) \
    --Shop:Tls:CertificateFile="$KEYS/silo.pem" --Shop:Tls:KeyFile="$KEYS/silo.key.pem"
  silo_pids+=("${pids[-1]}")
  # The first silo starts alone (it seeds the catalog); the others join concurrently.
  if [ "$i" -eq 0 ]; then wait_ready silo0 "http://127.0.0.1:$SILO_HTTP_PORT/ready" "${pids[-1]}"; fi
done
for i in $(seq 1 $((SILOS - 1))); do
  wait_ready "silo$i" "http://127.0.0.1:$((SILO_HTTP_PORT + i))/ready" "${silo_pids[$i]}"
done

start gateway "$GATEWAY_DIR" Shop.Gateway.dll --urls "http://127.0.0.1:$GATEWAY_PORT" \
  --Shop:Tls:CertificateFile="$KEYS/gateway.pem" --Shop:Tls:KeyFile="$KEYS/gateway.key.pem"
wait_ready gateway "http://127.0.0.1:$GATEWAY_PORT/ready" "${pids[-1]}"

cat <<MSG

Orleans.Shop is running ($($POSTGRES && echo "durable: PostgreSQL on 127.0.0.1:$PG_PORT" || echo "embedded, in memory"); $SILOS silo(s)).
  Gateway:      http://127.0.0.1:$GATEWAY_PORT   (try: curl http://127.0.0.1:$GATEWAY_PORT/api/products)
  Silos:        $(for i in $(seq 0 $((SILOS - 1))); do printf 'silo%s pid %s ready at http://127.0.0.1:%s/ready  ' "$i" "${silo_pids[$i]}" $((SILO_HTTP_PORT + i)); done)
  Admin (DEVELOPMENT ONLY): admin@shop.local / dev-only-admin-password
  E-mails:      $DATA/mail
  Logs:         $LOGS
Press Ctrl-C to stop.
MSG

# In a multi-silo cluster a silo may die (or be killed) and the shop goes on; the run ends when
# the gateway exits or every silo is gone.
while kill -0 "${pids[-1]}" 2>/dev/null; do
  alive=0
  for pid in "${silo_pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=$((alive + 1)); done
  ((alive > 0)) || { echo "No silo left; stopping." >&2; break; }
  sleep 1
done
