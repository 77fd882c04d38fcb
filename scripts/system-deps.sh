#!/usr/bin/env bash
# Debian packages the tests need: the PostgreSQL server, gettext, chromium for browser tests and npm
# (with Node.js) to install axe-core for their accessibility scans.
# Installs what is missing when run as root; otherwise says what to install.
set -euo pipefail
missing=()
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
{ command -v node && command -v npm; } >/dev/null 2>&1 || missing+=(nodejs npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
    echo "system-deps: please install: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "system-deps: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >/dev/null || echo "system-deps: apt-get update failed; trying the cached lists" >&2
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
