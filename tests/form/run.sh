#!/usr/bin/env bash
# Browser test of the form (`crimeproof form`): headless Chromium from Debian driven by Node with
# puppeteer-core (pinned in package-lock.json). Installs Chromium and the node modules when they
# are missing, builds the binary, runs form.test.js.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "== installing ${missing[*]} (Debian)"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
if [ ! -d "$here/node_modules/puppeteer-core" ]; then
  echo "== npm ci (puppeteer-core)"
  (cd "$here" && PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --silent)
fi
(cd "$root" && cargo build --locked --quiet)
export CRIMEPROOF_BIN="${CRIMEPROOF_BIN:-$root/target/debug/crimeproof}"
export CHROMIUM="${CHROMIUM:-$(command -v chromium)}"
# A fixed language and a clean environment: the test reads Swedish texts.
unset CRIMEPROOF_LANG CRIMEPROOF_CHECKLISTS
cd "$here" && node form.test.js
