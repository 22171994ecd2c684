#!/usr/bin/env bash
# The centre's verified intake of one venue bundle (issue #18's acceptance: one 1,400-candidate
# bundle <= 5 s on the 2-core machine). Starts the private PostgreSQL (scripts/services.sh) unless it
# is already running, then, outside the timing: the centre (the real server, role pusat, on a fresh
# PostgreSQL database) registers a venue that enrols with a fresh P-256 key, plans a session of N
# candidates there and builds its package (seed and commitment); the venue (the real server on its
# own SQLite) runs that session with the package's seed (every candidate logs in, answers every
# position, nine in ten finish, the session is ended) and its ledger writes the bundle, which the
# venue's key signs. Then R times, each on a fresh copy of the centre's database: BundleIntake
# end to end (signature, the verify command's checks, seed against commitment, roster, the rows
# written), with the parts and BundleVerifier alone on the same bytes as a yardstick; the median
# against the target. Prints the machine and its load before and after. The databases are dropped,
# and PostgreSQL stopped only if this script started it, whatever happens.
#
#   bench/national-intake.sh [--candidates N, default 1400] [--runs R, default 3]
#
# On a machine where others use the shared instance (and may stop it mid-run), give the run its own:
#   ASNCAT_SERVICES_DIR=/tmp/asncat-services-intake ASNCAT_PG_PORT=55442 bench/national-intake.sh
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --candidates|--runs) args+=("$1" "$2"); shift 2 ;;
    *) echo "bench/national-intake.sh: opsi tidak dikenal '$1' (yang boleh: --candidates N, --runs R)" >&2; exit 2 ;;
  esac
done
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
scripts/services.sh install >/dev/null
. bench/lib/services.sh
trap bench_services_stop EXIT
bench_services_start postgres
dotnet build -c Release -v quiet -nologo -clp:ErrorsOnly bench/AsnCat.Benchmarks
status=0
dotnet bench/AsnCat.Benchmarks/bin/Release/net10.0/AsnCat.Benchmarks.dll national-intake --connection "$ASNCAT_TEST_POSTGRES" "${args[@]}" || status=$?
echo "Mesin: $(nproc) core, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo); $(. /etc/os-release && echo "$PRETTY_NAME"); .NET $(dotnet --version); $("$(bench_pg_bin)/postgres" --version)"
echo "Beban mesin (load average 1/5/15 menit): sebelum $LOAD_BEFORE, sesudah $(cut -d' ' -f1-3 /proc/loadavg)"
exit "$status"
