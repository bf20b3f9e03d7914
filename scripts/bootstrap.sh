#!/usr/bin/env bash
# Builds the virtualenv with Python 3.10 (Rasa 3.6 does not run on 3.11 or newer) and
# installs every dependency in one resolve, pinned by constraints.txt.
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}

find_python310() {
  local candidates=()
  [ -n "${PYTHON310:-}" ] && candidates+=("$PYTHON310")
  if command -v pyenv >/dev/null 2>&1; then
    local prefix
    for version in 3.10.13 $(pyenv versions --bare 2>/dev/null | grep '^3\.10\.' | sort -rV); do
      prefix=$(pyenv prefix "$version" 2>/dev/null) && candidates+=("$prefix/bin/python3.10")
    done
  fi
  candidates+=(python3.10 /usr/bin/python3.10 /usr/local/bin/python3.10)
  for candidate in "${candidates[@]}"; do
    if "$candidate" -c 'import sys, venv; assert sys.version_info[:2] == (3, 10)' >/dev/null 2>&1; then
      echo "$candidate"
      return 0
    fi
  done
  return 1
}

if [ ! -x "$VENV/bin/python" ]; then
  if ! PY=$(find_python310); then
    cat >&2 <<'MSG'
Python 3.10 was not found (Rasa 3.6 needs 3.10; it does not run on 3.11 or newer).
Install it, then run the command again:
  with pyenv:   pyenv install 3.10.13
  on Debian:    apt-get install python3.10 python3.10-venv   (where your release has it)
or point PYTHON310 at a python3.10 binary: PYTHON310=/path/to/python3.10 make run
MSG
    exit 1
  fi
  echo "Creating $VENV with $PY"
  "$PY" -m venv "$VENV"
fi

STAMP="$VENV/.installed-$(cat requirements.txt constraints.txt | sha256sum | cut -c1-16)"
if [ ! -f "$STAMP" ]; then
  echo "Installing dependencies (one resolve, pinned; a few minutes the first time)..."
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt -c constraints.txt > "$VENV/pip-install.log" 2>&1 \
    || { echo "pip install failed; see $VENV/pip-install.log" >&2; tail -20 "$VENV/pip-install.log" >&2; exit 1; }
  "$VENV/bin/python" -m pip check > /dev/null || { "$VENV/bin/python" -m pip check >&2; exit 1; }
  rm -f "$VENV"/.installed-*
  touch "$STAMP"
fi
