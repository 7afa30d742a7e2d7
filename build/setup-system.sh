#!/usr/bin/env bash
# System packages the test suite uses: PostgreSQL (database tunnels) and Chromium (UI end-to-end).
# Idempotent; needs root (or sudo). Debian/Ubuntu only.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || need+=(postgresql)
if [ ${#need[@]} -gt 0 ]; then
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${need[@]}"
fi
echo "system packages ready: chromium $(command -v chromium), postgresql $(ls -d /usr/lib/postgresql/*/bin | head -1)"
