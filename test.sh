#!/usr/bin/env bash
# The one test command: installs what the tests need (Chromium for browser tests), then runs
# every test in the solution. CI runs exactly this (.ci/run).
set -euo pipefail
cd "$(dirname "$0")"
scripts/install-test-deps.sh
dotnet test --solution AsnCat.sln
