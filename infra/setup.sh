#!/usr/bin/env bash
# Prepares this machine for Tandem: Node 24 in a cache folder (never over /usr/bin/node),
# a running PostgreSQL with the test database, and Chromium for the browser tests.
# Source it to keep the PATH it sets:   source infra/setup.sh
# Run it to only prepare the machine:   bash infra/setup.sh
# No `set -e` here: when sourced it would change the caller's shell. Failures are checked.
(return 0 2>/dev/null) && tandem_sourced=1 || tandem_sourced=0
tandem_fail() { printf '[setup] %s\n' "$*" >&2; if [ "$tandem_sourced" = 1 ]; then return 1; else exit 1; fi; }

TANDEM_NODE_PREFIX="${TANDEM_NODE_PREFIX:-$HOME/.cache/node24}"
TANDEM_NODE_SPEC="${TANDEM_NODE_SPEC:-node@24}"
node_pkg="$TANDEM_NODE_PREFIX/node_modules/node"
node_bin="$node_pkg/bin"

say() { printf '[setup] %s\n' "$*" >&2; }

if [ ! -x "$node_bin/node" ] || [ "$("$node_bin/node" -p 'process.versions.node.split(".")[0]' 2>/dev/null)" != "24" ]; then
  say "installing $TANDEM_NODE_SPEC into $TANDEM_NODE_PREFIX"
  mkdir -p "$TANDEM_NODE_PREFIX"
  npm install --no-save --prefix "$TANDEM_NODE_PREFIX" "$TANDEM_NODE_SPEC" >&2 || tandem_fail "could not install $TANDEM_NODE_SPEC from the npm registry"
  [ -x "$node_bin/node" ] || tandem_fail "no node binary at $node_bin after the install"
fi
export PATH="$node_bin:$PATH"
# Native addons (better-sqlite3) must compile against Node 24's headers, not the system Node's.
for headers in "$node_pkg"/node_modules/node-linux-* "$TANDEM_NODE_PREFIX"/node_modules/node-linux-*; do
  if [ -f "$headers/include/node/node_version.h" ]; then export npm_config_nodedir="$headers"; break; fi
done
say "node $(node -v) at $(command -v node)"

# PostgreSQL: the contract suite and the API tests run against the local server.
export PGHOST="${PGHOST:-127.0.0.1}" PGPORT="${PGPORT:-5432}"
if command -v pg_isready >/dev/null 2>&1; then
  if ! pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    say "starting PostgreSQL"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n1)" main start >&2 || true
    for _ in $(seq 1 30); do pg_isready -q -h "$PGHOST" -p "$PGPORT" && break; sleep 1; done
  fi
  if pg_isready -q -h "$PGHOST" -p "$PGPORT"; then
    psql -h "$PGHOST" -U postgres -d postgres -tAc "SELECT 1 FROM pg_roles WHERE rolname='tandem'" | grep -q 1 ||
      psql -h "$PGHOST" -U postgres -d postgres -qc "CREATE ROLE tandem LOGIN SUPERUSER" >&2
    psql -h "$PGHOST" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='tandem_test'" | grep -q 1 ||
      psql -h "$PGHOST" -U postgres -d postgres -qc "CREATE DATABASE tandem_test OWNER tandem" >&2
    export TEST_DATABASE_URL="${TEST_DATABASE_URL:-postgres://tandem@$PGHOST:$PGPORT/tandem_test}"
    say "PostgreSQL ready: $TEST_DATABASE_URL"
  else
    say "PostgreSQL is not reachable on $PGHOST:$PGPORT; PostgreSQL tests will fail"
  fi
fi

# Chromium for the browser tests (Debian's package; Playwright's own download cannot work here).
if [ -d "$(dirname "${BASH_SOURCE[0]}")/../web" ] && [ -f "$(dirname "${BASH_SOURCE[0]}")/../test/browser/.enabled" ]; then
  if ! command -v chromium >/dev/null 2>&1; then
    say "installing Chromium from Debian's packages"
    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >&2 ||
      say "could not install Chromium; the browser tests (test/browser) will fail"
  fi
  export CHROMIUM_PATH="${CHROMIUM_PATH:-$(command -v chromium || echo /usr/bin/chromium)}"
fi
