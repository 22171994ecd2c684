# Sourced by the bench scripts (from the repository's root): the private PostgreSQL and Redis of
# scripts/services.sh for one run, stopped afterwards only when this run started them (a running
# instance belongs to whoever started it), and a scratch database on that PostgreSQL.
#   bench_services_start postgres [redis]   start what is not running; exports ASNCAT_TEST_* (services.sh env)
#   bench_services_stop                     stop only what bench_services_start started
#   bench_psql "SQL"                        run one statement on the private PostgreSQL's postgres database
#   bench_pg_bin                            the folder of PostgreSQL's programs
BENCH_STARTED=()

# PostgreSQL's programs (psql, postgres); installed by scripts/services.sh install
bench_pg_bin() { ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1; }

bench_services_start() {
  local status s
  status=$(scripts/services.sh status)
  for s in "$@"; do
    grep -q "$s: berjalan" <<<"$status" || BENCH_STARTED+=("$s")
  done
  scripts/services.sh start "$@" >/dev/null
  eval "$(scripts/services.sh env)"
}

bench_services_stop() {
  [ ${#BENCH_STARTED[@]} -eq 0 ] || scripts/services.sh stop "${BENCH_STARTED[@]}" >/dev/null 2>&1 || true
}

bench_psql() {
  "$(bench_pg_bin)/psql" -h 127.0.0.1 -p "${ASNCAT_PG_PORT:-55432}" -U asncat -d postgres -qc "$1" >/dev/null
}
