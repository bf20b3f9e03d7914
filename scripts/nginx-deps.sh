#!/usr/bin/env bash
# Debian's nginx, the load balancer of `make run-cluster` (only the binary is used:
# the cluster runs its own nginx with its own config under var/, never the system one).
set -euo pipefail
if command -v nginx >/dev/null || [ -x /usr/sbin/nginx ]; then exit 0; fi
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  echo "Installing Debian's nginx for the cluster..."
  apt-get update -qq > /dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx-light > /dev/null 2>&1 \
    || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nginx > /dev/null
  # The package starts the system nginx on port 80; the cluster does not use it.
  (command -v service >/dev/null && service nginx stop >/dev/null 2>&1) || true
  pkill_pid=$(cat /run/nginx.pid 2>/dev/null || true)
  if [ -n "$pkill_pid" ]; then kill "$pkill_pid" 2>/dev/null || true; fi
else
  echo "The cluster needs nginx: sudo apt-get install nginx" >&2
  exit 1
fi
