#!/usr/bin/env bash
# Installs what the test suite needs beyond the .NET SDK, each checked on its own (idempotent):
# - Debian's Chromium for the browser tests (Playwright drives it; a browser download is not
#   possible here);
# - Debian's Node.js and npm, and the npm packages of tests/protocol-js (the JavaScript exam
#   terminal that ProtocolJsTests runs against a real server), from its package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive

# Debian packages still missing; apt-get update once, only when something is
updated=""
apt_install() {
  if [ -z "$updated" ]; then
    $SUDO apt-get update -qq
    updated=yes
  fi
  $SUDO apt-get install -y -qq "$@" >/dev/null
}
command -v chromium >/dev/null 2>&1 || apt_install chromium fonts-dejavu-core
command -v node >/dev/null 2>&1 || apt_install nodejs
# after nodejs: a nodejs from another repository (NodeSource) brings npm and conflicts with Debian's
command -v npm >/dev/null 2>&1 || apt_install npm
chromium --version
echo "node $(node --version), npm $(npm --version)"

# the JavaScript client's packages, exactly as locked: installed again only when the lock changed
# (npm ci starts from an empty node_modules; the copy of the lock says what it installed)
client=tests/protocol-js
if ! cmp -s "$client/package-lock.json" "$client/node_modules/.asncat-lock"; then
  (cd "$client" && npm ci --no-audit --no-fund --loglevel=error)
  cp "$client/package-lock.json" "$client/node_modules/.asncat-lock"
fi
