#!/usr/bin/env bash
# The centre on real engines, measured: builds Release, starts PostgreSQL and Redis
# (scripts/services.sh), two centre nodes (role pusat, Database:Provider and Jobs:Storage Postgres,
# SignalR:Redis) behind nginx with HTTPS (scripts/centre-proxy.sh), publishes a session's results
# through the API, then loads the public results page (/hasil/{id}) and the public results API
# (/api/public/results/{id}) through nginx with wrk: first with one node behind nginx, then with
# two, in the same run. Prints requests per second and p99 for each, with the machine it ran on,
# and stops everything it started.
#
#   bench/cluster.sh [seconds per measurement, default 15] [connections, default 32] [candidates, default 300]
#
# On a machine with few cores the two nodes, nginx, PostgreSQL and wrk share them: two nodes do
# not double the throughput there; the table shows what was measured.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
SECONDS_EACH="${1:-15}"
CONNECTIONS="${2:-32}"
CANDIDATES="${3:-300}"
WORK=$(mktemp -d /tmp/asncat-cluster-bench.XXXXXX)
PIDS=()
DB="asncat_bench_$$"
. bench/lib/services.sh

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }

cleanup() {
  set +e
  scripts/centre-proxy.sh stop "$WORK/proxy" >/dev/null 2>&1
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; done
  [ -n "${DB_CREATED:-}" ] && bench_psql "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
  bench_services_stop
  rm -rf "$WORK"
}
trap cleanup EXIT

LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== menyiapkan"
scripts/services.sh install >/dev/null
if ! command -v wrk >/dev/null 2>&1; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null
fi
dotnet build src/AsnCat.Server/AsnCat.Server.csproj -c Release -v quiet -clp:ErrorsOnly >/dev/null
dotnet build bench/AsnCat.LoadTest/AsnCat.LoadTest.csproj -c Release -v quiet -clp:ErrorsOnly >/dev/null
SERVER="$ROOT/src/AsnCat.Server/bin/Release/net10.0/AsnCat.Server.dll"
LOADTEST="$ROOT/bench/AsnCat.LoadTest/bin/Release/net10.0/AsnCat.LoadTest.dll"

bench_services_start postgres redis
bench_psql "CREATE DATABASE $DB"
DB_CREATED=1
DATABASE="$ASNCAT_TEST_POSTGRES;Database=$DB"

start_node() {
  local name="$1" port="$2" dir="$WORK/$1"
  mkdir -p "$dir"
  (cd "$dir" && exec env \
    AsnCat__Role=pusat ASPNETCORE_ENVIRONMENT=Production \
    Database__Provider=Postgres ConnectionStrings__AsnCat="$DATABASE" \
    Jobs__Storage=Postgres ConnectionStrings__Jobs="$DATABASE" \
    SignalR__Redis="$ASNCAT_TEST_REDIS" SignalR__ChannelPrefix="asncat-bench-$$" \
    Exam__PinKeyFile="$dir/pin.key" Demo__Enabled=false Logging__File="$dir/logs/asncat-.json" \
    Serilog__MinimumLevel__Default=Warning \
    dotnet "$SERVER" --urls "http://127.0.0.1:$port" >"$dir/out.log" 2>&1) &
  PIDS+=($!)
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$port/health" >/dev/null 2>&1 && return
    sleep 0.1
  done
  echo "node $name tidak menjawab /health; lihat $dir/out.log:" >&2
  tail -n 30 "$dir/out.log" >&2
  exit 1
}

PORT_A=$(free_port); PORT_B=$(free_port); PROXY=$(free_port)
start_node a "$PORT_A"   # migrates the database first
start_node b "$PORT_B"
scripts/centre-proxy.sh start "$WORK/proxy" "$PROXY" "127.0.0.1:$PORT_A" "127.0.0.1:$PORT_B" >/dev/null
URL="https://127.0.0.1:$PROXY"
CURL=(curl -sS --fail-with-body --cacert "$WORK/proxy/tls/centre.crt" -b "$WORK/jar" -c "$WORK/jar")

echo "== mengisi dan mempublikasikan hasil ($CANDIDATES peserta)"
dotnet "$LOADTEST" centre-seed "$DATABASE" bench-admin "sandi-uji-beban-pusat" "$CANDIDATES" >/dev/null
"${CURL[@]}" -H 'Content-Type: application/json' -d '{"userName":"bench-admin","password":"sandi-uji-beban-pusat"}' "$URL/api/account/login" >/dev/null
PUBLISHED=$("${CURL[@]}" -H 'Content-Type: application/json' -d '{"kind":"sesi","subject":"SKD-PUSAT-BENCH"}' "$URL/api/publications")
ID=$(sed -E 's/.*"id":([0-9]+).*/\1/' <<<"$PUBLISHED")
"${CURL[@]}" -H 'Content-Type: application/json' -d '{"kind":"formasi","subject":"F-PUSAT-BENCH"}' "$URL/api/publications" >/dev/null
"${CURL[@]}" -o /dev/null "$URL/hasil/$ID"
"${CURL[@]}" -o /dev/null "$URL/api/public/results/$ID"

# one measurement: wrk through nginx (TLS, keep-alive), after a short warm-up; prints "rps p99_ms errors"
measure() {
  local path="$1" out rps p99 errors
  wrk -t2 -c"$CONNECTIONS" -d3s "$URL$path" >/dev/null 2>&1
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${SECONDS_EACH}s" --latency "$URL$path")
  rps=$(awk '/^Requests\/sec:/ {printf "%.0f", $2}' <<<"$out")
  p99=$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v=v/1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v=v*1000}; printf "%.1f", v}' <<<"$out")
  errors=$(awk '/Non-2xx or 3xx responses:/ {print $NF}' <<<"$out")
  echo "$rps $p99 ${errors:-0}"
}

declare -A RESULT
for topology in 1 2; do
  if [ "$topology" -eq 1 ]; then
    scripts/centre-proxy.sh start "$WORK/proxy" "$PROXY" "127.0.0.1:$PORT_A" >/dev/null
  else
    scripts/centre-proxy.sh start "$WORK/proxy" "$PROXY" "127.0.0.1:$PORT_A" "127.0.0.1:$PORT_B" >/dev/null
  fi
  sleep 1
  echo "== $topology node: halaman /hasil/$ID"
  RESULT[page,$topology]=$(measure "/hasil/$ID")
  echo "== $topology node: API /api/public/results/$ID"
  RESULT[api,$topology]=$(measure "/api/public/results/$ID")
done

cpu=$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)
os=$(. /etc/os-release && echo "$PRETTY_NAME")
echo
echo "AsnCat pusat di belakang nginx (HTTPS), $SECONDS_EACH s per pengukuran, $CONNECTIONS koneksi wrk, publikasi $CANDIDATES baris"
echo "Mesin: $(nproc) core, $cpu; $os; .NET $(dotnet --version); $("$(bench_pg_bin)/postgres" --version); redis $(redis-server --version | cut -d' ' -f3 | cut -d= -f2); $(/usr/sbin/nginx -v 2>&1 | cut -d' ' -f3)"
echo "Beban mesin (load average 1/5/15 menit): sebelum $LOAD_BEFORE, sesudah $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| yang diuji | node | permintaan/detik | p99 (ms) | jawaban bukan 2xx |"
echo "|---|---|---|---|---|"
for what in page api; do
  label="halaman /hasil/{id}"; [ "$what" = api ] && label="API /api/public/results/{id}"
  for topology in 1 2; do
    read -r rps p99 errors <<<"${RESULT[$what,$topology]}"
    echo "| $label | $topology | $rps | $p99 | $errors |"
  done
done
