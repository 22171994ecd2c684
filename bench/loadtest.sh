#!/usr/bin/env bash
# AsnCat load test: N simulated terminals over the real exam hub on loopback, then the same N
# against a bare SignalR echo hub (the yardstick). Builds Release, starts the server itself in a
# temp folder (deleted afterwards), prints the result table on stdout, progress on stderr.
# Exit 0: every acknowledged change stored exactly once; 1: something lost, doubled or altered;
# 2: the run could not be set up.
#
#   bench/loadtest.sh                                  # 200 terminals, one change per 5 s for 60 s, closed loop 10 s
#   bench/loadtest.sh --terminals 2000 --interval 5 --duration 60
#   bench/loadtest.sh --help
set -euo pipefail
cd "$(dirname "$0")/.."

# every terminal is a socket in the generator and one in the server: raise the soft limit to the hard one
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# bench/suite.sh builds once for all its parts
[ -n "${ASNCAT_BENCH_BUILT:-}" ] || dotnet build bench/AsnCat.LoadTest -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet bench/AsnCat.LoadTest/bin/Release/net10.0/AsnCat.LoadTest.dll \
    --server src/AsnCat.Server/bin/Release/net10.0/AsnCat.Server.dll "$@"
