#!/usr/bin/env bash
# The national ranking's benchmark (issue #18's acceptance): starts the private PostgreSQL
# (scripts/services.sh), seeds a fresh database by COPY with 2,850,000 candidates over 250,000
# formations (skewed sizes, the 2024 categories, SKD scores drawn around the national means, the
# skd-2024 thresholds from question-banks), then times one run from the stored results to the
# published ranking (read, rank, write, total, rows/s; target total <= 60 s on the 2-core machine).
# The database is dropped at the end, and PostgreSQL stopped if this script started it, whatever happens.
# Options: --candidates N, --formations M (smaller sizes for a try).
set -euo pipefail
cd "$(dirname "$0")/.."
args=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --candidates|--formations) args+=("$1" "$2"); shift 2 ;;
    *) echo "bench/national-ranking.sh: opsi tidak dikenal '$1' (yang boleh: --candidates N, --formations M)" >&2; exit 2 ;;
  esac
done
. bench/lib/services.sh
trap bench_services_stop EXIT
bench_services_start postgres
dotnet build -c Release -v quiet -nologo bench/AsnCat.Benchmarks >/dev/null
dotnet bench/AsnCat.Benchmarks/bin/Release/net10.0/AsnCat.Benchmarks.dll national-ranking --connection "$ASNCAT_TEST_POSTGRES" "${args[@]}"
