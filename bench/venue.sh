#!/usr/bin/env bash
# The venue scenario, one command: 2,000 terminals log in at once, answer one change per 5 s for
# 15 s while 1,000 observers watch the session's public board on the live hub and 1,000 HTTP
# pollers read it every 2 s through a private nginx micro-cache (staleness of both side by side),
# then answer back to back for 8 s;
# every acknowledged change is reconciled with the database; then the yardsticks measured in the
# same run: the same 2,000 connections against a bare SignalR echo hub (paced and closed loop)
# and raw SQLite batched inserts on the same disk. Prints the table (bench/loadtest.sh runs it;
# any of its options may be added to change the scenario, e.g. --terminals 10000).
#
#   bench/venue.sh
#   bench/venue.sh --terminals 10000 --observers 0 --pollers 0
#   bench/venue.sh --observers 20000 --max-observers 5000    # admission: admitted / refused / dropped
set -euo pipefail
cd "$(dirname "$0")/.."
# the scenario's settings; an option given on the command line replaces its default here
defaults=(--terminals 2000 --observers 1000 --pollers 1000 --poll-interval 2 --interval 5 --duration 15 --closed-loop-seconds 8 --echo-paced-seconds 5)
args=()
for ((i = 0; i < ${#defaults[@]}; i += 2)); do
    [[ " $* " == *" ${defaults[i]} "* ]] || args+=("${defaults[i]}" "${defaults[i + 1]}")
done
exec bench/loadtest.sh "${args[@]}" "$@"
