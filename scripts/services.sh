#!/usr/bin/env bash
# The real parts the centre's tests and benchmarks need beyond the .NET SDK, from Debian's
# packages: PostgreSQL 15, Redis 7 and nginx. Each runs as a private instance on loopback, on a
# port of its own and with its files in one folder, so nothing on the machine is touched and
# `stop` leaves no process behind.
#
#   scripts/services.sh install                 apt-get update + install what is missing
#   scripts/services.sh start postgres redis    start (idempotent; waits until each answers)
#   scripts/services.sh stop [postgres] [redis] stop (all when none is named)
#   scripts/services.sh status
#   scripts/services.sh env                     the settings the tests read, as export lines
#
# PostgreSQL listens on 127.0.0.1:${ASNCAT_PG_PORT:-55432} with trust authentication for the
# superuser `asncat` (tests create and drop their own databases); Redis on
# 127.0.0.1:${ASNCAT_REDIS_PORT:-56379}, without persistence. Files: ${ASNCAT_SERVICES_DIR:-/tmp/asncat-services}.
set -euo pipefail

DIR="${ASNCAT_SERVICES_DIR:-/tmp/asncat-services}"
PG_PORT="${ASNCAT_PG_PORT:-55432}"
REDIS_PORT="${ASNCAT_REDIS_PORT:-56379}"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

pg_bin() {
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  [ -n "$bin" ] || { echo "services.sh: PostgreSQL belum terpasang; jalankan: scripts/services.sh install" >&2; exit 1; }
  echo "$bin"
}

# runs a PostgreSQL program as the postgres user when we are root (PostgreSQL refuses root)
as_pg() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

install() {
  local missing=()
  [ -x "$(ls -d /usr/lib/postgresql/*/bin/pg_ctl 2>/dev/null | tail -n 1)" ] || missing+=(postgresql)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
  command -v openssl >/dev/null 2>&1 || missing+=(openssl)
  if [ ${#missing[@]} -gt 0 ]; then
    echo "services.sh: memasang ${missing[*]}"
    $SUDO apt-get update -qq
    # policy-rc.d 101: the packages must not start their own system-wide instances
    printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
    $SUDO chmod +x /usr/sbin/policy-rc.d
    $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
    $SUDO rm -f /usr/sbin/policy-rc.d
  fi
  echo "postgres: $("$(pg_bin)/postgres" --version)"
  echo "redis:    $(redis-server --version | cut -d' ' -f1-3)"
  echo "nginx:    $(/usr/sbin/nginx -v 2>&1)"
}

start_postgres() {
  local bin data="$DIR/pg"
  bin=$(pg_bin)
  mkdir -p "$DIR"
  if [ ! -f "$data/PG_VERSION" ]; then
    mkdir -p "$data"
    [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$data"
    as_pg "$bin/initdb" -D "$data" -U asncat --auth=trust --encoding=UTF8 --locale=C.UTF-8 >/dev/null
  fi
  if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    echo "postgres: sudah berjalan di 127.0.0.1:$PG_PORT"
    return
  fi
  # fsync stays on: the durability the tests check is the real one
  as_pg "$bin/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start \
    -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $data -c max_connections=400 -c shared_buffers=256MB" >/dev/null
  echo "postgres: berjalan di 127.0.0.1:$PG_PORT"
}

stop_postgres() {
  local bin data="$DIR/pg"
  [ -f "$data/PG_VERSION" ] || return 0
  bin=$(pg_bin)
  if as_pg "$bin/pg_ctl" -D "$data" status >/dev/null 2>&1; then
    as_pg "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
    echo "postgres: berhenti"
  fi
}

start_redis() {
  mkdir -p "$DIR/redis"
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    echo "redis: sudah berjalan di 127.0.0.1:$REDIS_PORT"
    return
  fi
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir "$DIR/redis" --pidfile "$DIR/redis/redis.pid" --logfile "$DIR/redis/redis.log"
  for _ in $(seq 1 100); do
    redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && { echo "redis: berjalan di 127.0.0.1:$REDIS_PORT"; return; }
    sleep 0.1
  done
  echo "services.sh: Redis tidak menjawab di port $REDIS_PORT; lihat $DIR/redis/redis.log" >&2
  exit 1
}

stop_redis() {
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    echo "redis: berhenti"
  fi
}

status() {
  local bin
  bin=$(pg_bin)
  if as_pg "$bin/pg_ctl" -D "$DIR/pg" status >/dev/null 2>&1; then echo "postgres: berjalan (127.0.0.1:$PG_PORT)"; else echo "postgres: berhenti"; fi
  if redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then echo "redis: berjalan (127.0.0.1:$REDIS_PORT)"; else echo "redis: berhenti"; fi
}

env_lines() {
  echo "export ASNCAT_TEST_POSTGRES='Host=127.0.0.1;Port=$PG_PORT;Username=asncat'"
  echo "export ASNCAT_TEST_REDIS='127.0.0.1:$REDIS_PORT'"
}

command="${1:-}"
shift || true
case "$command" in
  install) install ;;
  start)
    [ $# -gt 0 ] || set -- postgres redis
    for s in "$@"; do "start_$s"; done ;;
  stop)
    [ $# -gt 0 ] || set -- postgres redis
    for s in "$@"; do "stop_$s"; done ;;
  status) status ;;
  env) env_lines ;;
  *) echo "pemakaian: scripts/services.sh install | start [postgres] [redis] | stop [postgres] [redis] | status | env" >&2; exit 2 ;;
esac
