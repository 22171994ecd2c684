#!/usr/bin/env bash
# The item-analysis benchmark (issue #19): writes 100,000 candidates' answers on the sample bank
# (fixed seed: the same files every run) as four sessions' result bundles with keys, then runs
# `bank analyze` on them pinned to one core, printing the time to read the bundles and the time to
# compute apart. Target: <= 5 s of computing. Options: --candidates N (default 100000), --keep DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
candidates=100000
keep=""
while [[ $# -gt 0 ]]; do
  case "$1" in
    --candidates) candidates="$2"; shift 2 ;;
    --keep) keep="$2"; shift 2 ;;
    *) echo "bench/analyze.sh: opsi tidak dikenal '$1' (yang boleh: --candidates N, --keep DIR)" >&2; exit 2 ;;
  esac
done
dir="${keep:-$(mktemp -d)}"
[[ -z "$keep" ]] && trap 'rm -rf "$dir"' EXIT
mkdir -p "$dir"
dotnet build -c Release -v quiet -nologo bench/AsnCat.Benchmarks >/dev/null
dotnet build -c Release -v quiet -nologo src/AsnCat.Tool >/dev/null
echo "menulis $candidates peserta ke $dir ..."
dotnet bench/AsnCat.Benchmarks/bin/Release/net10.0/AsnCat.Benchmarks.dll analysis-data --candidates "$candidates" --out "$dir"
du -sh "$dir" | awk '{print "ukuran bundel: " $1}'
pin=()
command -v taskset >/dev/null && pin=(taskset -c 0)
echo "bank analyze pada satu inti (${pin[*]:-tanpa taskset}):"
"${pin[@]}" dotnet src/AsnCat.Tool/bin/Release/net10.0/AsnCat.Tool.dll bank analyze "$dir"/*.kunci.json --timing \
  --csv "$dir/butir.csv" | grep -E '^(analisis butir|  [A-Z]+: |ditandai|waktu|kesetaraan)' | cut -c1-400
