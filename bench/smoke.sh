#!/usr/bin/env bash
# The CI smoke of the load suite (./test.sh runs it): 200 terminals log in at once and make one
# change every 2 s for 60 s while 50 observers watch, then 5 s back to back; exits non-zero if
# anything acknowledged was lost, doubled or altered (the reconciliation), or the run failed.
set -euo pipefail
cd "$(dirname "$0")/.."
exec bench/loadtest.sh --terminals 200 --observers 50 --interval 2 --duration 60 \
    --closed-loop-seconds 5 --echo-paced-seconds 0 "$@"
