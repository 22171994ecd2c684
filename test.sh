#!/usr/bin/env bash
# The one test command: installs what the tests need (Chromium for browser tests, Node.js and
# npm for the JavaScript conformance client, PostgreSQL, Redis and nginx for the centre's tests),
# starts private PostgreSQL and Redis instances on loopback (scripts/services.sh) and stops them
# at the end whatever happens, runs every test in the solution (on SQLite), the database-bound
# namespaces of the server's tests a second time on PostgreSQL, then the load suite's smoke
# (bench/smoke.sh: 200 terminals and 50 observers on loopback for about a minute; fails if
# anything acknowledged is lost or doubled) and the national run's small size (bench/national.sh:
# a centre of two nodes and three venues, one cut off). CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-test-deps.sh
scripts/services.sh install
# Every test run's output also goes to a log; if anything fails, the failing tests and their
# first error lines are printed again at the very end, where a CI log's tail shows them.
LOG="$(mktemp -t asncat-test.XXXXXX)"
finish() {
  local rc=$?
  scripts/services.sh stop || true
  if [ "$rc" -ne 0 ] && grep -q -E '^\s*failed ' "$LOG"; then
    echo "== Tes yang gagal (ringkasan dari $LOG) =="
    # head closes the pipe early on a long list: that SIGPIPE must not replace the tests' exit code
    { sed -e 's/\x1b\[[0-9;]*m//g' "$LOG" | grep -E -A 14 '^\s*failed ' | head -n 120; } || true
  fi
  exit "$rc"
}
trap finish EXIT
run() { "$@" 2>&1 | tee -a "$LOG"; }
scripts/services.sh start postgres redis
eval "$(scripts/services.sh env)"
run dotnet test --solution AsnCat.sln
# The same data layer, API, audit chain (its tamper tests too), publication, exam writer and national
# ranking (COPY in and out) tests
# again on PostgreSQL: each test database is a fresh one on the private server started above.
ASNCAT_TEST_DATABASE=postgres run dotnet test --project tests/AsnCat.Server.Tests/AsnCat.Server.Tests.csproj --no-build -- \
  --filter-namespace AsnCat.Server.Tests.Data --filter-namespace AsnCat.Server.Tests.Api \
  --filter-namespace AsnCat.Server.Tests.Audit --filter-namespace AsnCat.Server.Tests.Publishing \
  --filter-namespace AsnCat.Server.Tests.Exam --filter-namespace AsnCat.Server.Tests.National.Ranking
bench/smoke.sh
# The national run's small size (bench/national.sh): two centre nodes behind nginx and three venues,
# a dozen candidates each, venue B's line cut; lost 0, doubled 0, ranking equal to `rank`, forged
# bundles refused. The smoke above built the Release binaries it runs.
ASNCAT_BENCH_BUILT=1 bench/national.sh --terminals 12 --exam-seconds 20 --cut-after 10
