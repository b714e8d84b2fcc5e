#!/usr/bin/env bash
# Installs the Debian packages the tests use when they are missing: FreeRADIUS's radclient,
# redis-server, and Chromium for the browser tests. Needs root (or passwordless sudo) the first time.
set -euo pipefail
need=()
command -v radclient >/dev/null 2>&1 || need+=(freeradius-utils)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages the tests need: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
