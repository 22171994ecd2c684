#!/usr/bin/env bash
# AsnCat fault runner: each fault played against the real server on loopback, bounded, ending in
# reconciliation (every acknowledged change stored exactly once, deadlines right). Builds Release,
# prints one table row per fault on stdout, progress on stderr. Needs root with CAP_SYS_ADMIN for
# the read-only (ext4 on a loop device) and disk-full (tmpfs) faults, and CAP_SYS_TIME for
# clock-jump (it steps THIS MACHINE's wall clock 10 minutes forward and back); without them they
# are printed as skipped. Mounts and the clock step are always undone at the end (also on Ctrl+C).
# Exit 0: every fault ran and passed; 1: a fault failed; 2: set-up failed; 3: none failed, some skipped.
#
#   bench/faults.sh                              # all faults, 150 terminals
#   bench/faults.sh --only sigkill,disk-full --terminals 200
set -euo pipefail
cd "$(dirname "$0")/.."

# every terminal is a socket in the generator and one in the server: raise the soft limit to the hard one
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

# bench/suite.sh builds once for all its parts
[ -n "${ASNCAT_BENCH_BUILT:-}" ] || dotnet build bench/AsnCat.LoadTest -c Release --nologo -v quiet -clp:ErrorsOnly >&2
exec dotnet bench/AsnCat.LoadTest/bin/Release/net10.0/AsnCat.LoadTest.dll faults \
    --server src/AsnCat.Server/bin/Release/net10.0/AsnCat.Server.dll "$@"
