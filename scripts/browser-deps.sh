#!/usr/bin/env bash
# Debian's chromium for the browser tests (Playwright's own browser download cannot
# work here). Installs it when missing and we are root; otherwise says what to do.
set -euo pipefail
if [ -x /usr/bin/chromium ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's chromium for the browser tests..."
  apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver > /dev/null
else
  echo "The browser tests need Debian's chromium: sudo apt-get install chromium chromium-driver" >&2
  exit 1
fi
