#!/usr/bin/env bash
# The national run (issue #18's acceptance): the centre (two nodes of role pusat on one PostgreSQL
# database, Hangfire on PostgreSQL, SignalR over Redis, behind nginx with HTTPS) and three venue
# servers (SQLite) in WIB, WITA and WIT on loopback. The committee plans one selection through the
# centre's API (formations whose candidates sit at all three venues, one session per venue); each
# venue is enrolled with `venue enrol`, pulls its package, and its proctor runs the session through
# the venue's API while the load generator's terminals sit it. Venue B's line to the centre is cut
# before its session and stays cut for the whole session and --cut-after seconds more.
# It prints per venue: candidates, acknowledged answers, bundles uploaded, verified, refused; for
# the centre: lost and doubled (every acknowledged answer at the centre exactly once), how far the
# centre's public board lags while a line is up (p99, target 3 s), the national ranking compared
# with the `rank` command on the merged scores, the publication and its head; and sends four
# forged bundles (tampered, unsigned, another venue's key, a seed that is not the committed one),
# each of which must be refused with its reason. Exits non-zero when any check fails.
#
#   bench/national.sh [--terminals N per venue (500)] [--exam-seconds S (120)] [--cut-after S (120)] [--nodes N (2)] [--keep]
#
# The README's test command runs a small size (a dozen candidates per venue). PostgreSQL and Redis
# are the private instances of scripts/services.sh: started here when not running, and then stopped.
set -euo pipefail
cd "$(dirname "$0")/.."
DB="asncat_national_$$"
. bench/lib/services.sh
cleanup() {
  set +e
  [ -n "${DB_CREATED:-}" ] && bench_psql "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>/dev/null
  bench_services_stop
}
trap cleanup EXIT

ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
scripts/services.sh install >/dev/null
bench_services_start postgres redis
bench_psql "CREATE DATABASE $DB"
DB_CREATED=1

[ -n "${ASNCAT_BENCH_BUILT:-}" ] || dotnet build bench/AsnCat.LoadTest -c Release --nologo -v quiet -clp:ErrorsOnly >&2
dotnet bench/AsnCat.LoadTest/bin/Release/net10.0/AsnCat.LoadTest.dll national \
  --server src/AsnCat.Server/bin/Release/net10.0/AsnCat.Server.dll \
  --tool src/AsnCat.Tool/bin/Release/net10.0/AsnCat.Tool.dll \
  --database "$ASNCAT_TEST_POSTGRES;Database=$DB" --redis "$ASNCAT_TEST_REDIS" "$@"
