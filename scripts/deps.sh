#!/bin/sh
# Installs what ahtcell needs to build, run and test on Debian 12, then the
# npm packages of web/.  Idempotent: when everything is present it only
# checks and returns in well under a second.
#
#   scripts/deps.sh            build + run + test dependencies
#   scripts/deps.sh bench      also wrk, nginx-light and PostgreSQL 15 for `make bench`
set -eu

here=$(cd "$(dirname "$0")/.." && pwd)

PKGS="build-essential pkg-config clang libclang-rt-14-dev
libmicrohttpd-dev libsqlite3-dev libjansson-dev libsodium-dev libcmocka-dev libcsv-dev
libmagic-dev libpoppler-glib-dev libcairo2-dev libpango1.0-dev libzip-dev libxml2-dev libxlsxwriter-dev libcurl4-openssl-dev
sqlite3 curl ca-certificates nodejs npm chromium fonts-noto-core poppler-utils"
[ "${1:-}" = bench ] && PKGS="$PKGS wrk nginx-light postgresql-15"

missing=""
for p in $PKGS; do
    st=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
    [ "$st" = installed ] || missing="$missing $p"
done
# Node may come from outside Debian (a newer build already on the machine):
# accept any node >= 18 and npm instead of the Debian packages.
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    missing=$(printf '%s\n' $missing | grep -vx -e nodejs -e npm | tr '\n' ' ' || true)
fi
missing=$(echo $missing)

if [ -n "$missing" ]; then
    if [ "$(id -u)" != 0 ]; then
        echo "deps.sh: missing Debian packages: $missing" >&2
        echo "deps.sh: run as root (or: sudo apt-get install $missing)" >&2
        exit 1
    fi
    echo "deps.sh: installing $missing"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

# nginx-light and PostgreSQL start a service on install on some systems; the
# bench starts its own instances on other ports, so stop the system ones.
if [ "${1:-}" = bench ] && command -v systemctl >/dev/null 2>&1; then
    systemctl stop nginx >/dev/null 2>&1 || true
    systemctl stop postgresql >/dev/null 2>&1 || true
fi

# npm packages of web/ (and of the browser and API tests, which share it).
cd "$here/web"
if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ] \
   || [ package.json -nt node_modules/.package-lock.json ]; then
    echo "deps.sh: npm ci in web/"
    if [ -f package-lock.json ]; then
        npm ci --no-audit --no-fund --loglevel=error
    else
        npm install --no-audit --no-fund --loglevel=error
    fi
fi
