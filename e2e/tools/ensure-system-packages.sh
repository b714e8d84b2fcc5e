#!/usr/bin/env bash
# Installs the Debian packages the tests and benchmarks use when they are missing: FreeRADIUS's
# radclient, redis-server, Chromium for the browser tests, and the FreeRADIUS server with its
# PostgreSQL driver (`npm run bench -- radius` measures ours beside it). Needs root (or
# passwordless sudo) the first time.
set -euo pipefail
need=()
command -v radclient >/dev/null 2>&1 || need+=(freeradius-utils)
command -v redis-server >/dev/null 2>&1 || need+=(redis-server)
command -v chromium >/dev/null 2>&1 || need+=(chromium)
# /usr/sbin is not on every user's PATH: look for the binary itself.
[ -x /usr/sbin/freeradius ] || need+=(freeradius freeradius-postgresql)
[ ${#need[@]} -eq 0 ] && exit 0
echo "installing Debian packages the tests need: ${need[*]}"
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo -n"
export DEBIAN_FRONTEND=noninteractive

# The freeradius package starts its daemon on 1812/1813, where our own RADIUS server listens in
# tests. A policy-rc.d that exits 101 tells invoke-rc.d and deb-systemd-invoke not to start
# services; ours is removed afterwards (one that was already there, as in Docker images, stays).
policy=/usr/sbin/policy-rc.d
own_policy=""
cleanup() { [ -z "$own_policy" ] || $sudo rm -f "$policy"; }
trap cleanup EXIT
if [ ! -e "$policy" ]; then
  printf '#!/bin/sh\n# ensure-system-packages.sh: no daemons started while installing\nexit 101\n' | $sudo tee "$policy" >/dev/null
  $sudo chmod 755 "$policy"
  own_policy=1
fi

$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null

if [ -x /usr/sbin/freeradius ]; then
  # Not at boot either: the benchmark runs its own instances on other ports.
  if [ -d /run/systemd/system ]; then
    $sudo systemctl disable --now freeradius.service >/dev/null 2>&1 || true
  elif command -v update-rc.d >/dev/null 2>&1; then
    $sudo update-rc.d freeradius disable >/dev/null 2>&1 || true
  fi
  # Belt and braces: a daemon that started anyway is stopped through its own init script.
  if command -v ss >/dev/null 2>&1 && ss -Hlun 'sport = :1812' | grep -q .; then
    $sudo service freeradius stop >/dev/null 2>&1 || true
  fi
fi
