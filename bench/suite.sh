#!/usr/bin/env bash
# The reliability and performance suite (issue #6), about 15 minutes on 2 cores, loopback only,
# every part bounded and stopping by itself: the venue scenario (bench/venue.sh), the faults
# (bench/faults.sh) and the soak (1,000 terminals through a whole exam compressed into 10
# minutes). Each part prints its table; the suite's exit code is 0 only when every part passed.
# Not part of ./test.sh; ./test.sh runs a smoke version (bench/smoke.sh).
set -uo pipefail
cd "$(dirname "$0")/.."
status=0
run() {
    echo
    echo "=== $* ==="
    "$@" || { echo "=== FAILED: $* (exit $?) ==="; status=1; }
}
started=$SECONDS
dotnet build bench/AsnCat.LoadTest -c Release --nologo -v quiet -clp:ErrorsOnly >&2 || exit 2
export ASNCAT_BENCH_BUILT=1
run bench/venue.sh
run bench/faults.sh
run bench/loadtest.sh --soak --terminals 1000 --observers 100 --duration 600
echo
echo "suite wall time: $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
[ "$status" -eq 0 ] && echo "SUITE: every part passed" || echo "SUITE: FAILED (see above)"
exit "$status"
