#!/usr/bin/env bash
# The one test command: installs what the tests need (Chromium for browser tests, Node.js and
# npm for the JavaScript conformance client, PostgreSQL, Redis and nginx for the centre's tests),
# starts private PostgreSQL and Redis instances on loopback (scripts/services.sh) and stops them
# at the end whatever happens, runs every test in the solution, then the load suite's smoke
# (bench/smoke.sh: 200 terminals and 50 observers on loopback for about a minute; fails if
# anything acknowledged is lost or doubled). CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-test-deps.sh
scripts/services.sh install
trap 'scripts/services.sh stop' EXIT
scripts/services.sh start postgres redis
eval "$(scripts/services.sh env)"
dotnet test --solution AsnCat.sln
bench/smoke.sh
