# Shared settings for the project's scripts; sourced, not run.
# shellcheck shell=bash
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="$VENV/bin/python"
STATE="$ROOT/.state"            # stamps of finished set-up steps (git-ignored)
PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
PG_PORT="${PG_PORT:-55432}"
PG_DBUSER="odoo"
LOG_DIR="$ROOT/var/log"
mkdir -p "$STATE" "$LOG_DIR"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf '\033[1;31mERROR:\033[0m %s\n' "$*" >&2; exit 1; }

# PostgreSQL refuses to run as root: the cluster belongs to a non-root user
# (`postgres` when we are root, else ourselves).
if [ "$(id -u)" = 0 ]; then PG_OSUSER=postgres; else PG_OSUSER="$(id -un)"; fi

as_pg() {
    # from /, which that user can enter (a checkout under /root it cannot)
    if [ "$(id -un)" = "$PG_OSUSER" ]; then "$@"; else (cd / && runuser -u "$PG_OSUSER" -- "$@"); fi
}

# The data folder lives in the checkout (.pgdata), unless the cluster's user
# cannot reach it (e.g. a clone under /root, mode 700, as CI does): then a
# folder under /tmp named after the checkout, so two checkouts never share one.
pg_data_dir() {
    if [ -n "${PGDATA_DIR:-}" ]; then echo "$PGDATA_DIR"; return; fi
    local inside="$ROOT/.pgdata"
    if as_pg test -x "$ROOT" 2>/dev/null; then
        echo "$inside"
    else
        echo "/tmp/ci-pgdata-$(printf '%s' "$ROOT" | sha1sum | cut -c1-12)"
    fi
}
PGDATA_DIR="$(pg_data_dir)"
PG_SOCKET_DIR="$PGDATA_DIR/socket"

export PATH="$ROOT/tools/node_modules/.bin:$VENV/bin:$PATH"
export PGHOST=127.0.0.1 PGPORT="$PG_PORT" PGUSER="$PG_DBUSER"

# stamp NAME CONTENT-HASH: true when the step already ran with these inputs.
stamp_ok() { [ -f "$STATE/$1" ] && [ "$(cat "$STATE/$1")" = "$2" ]; }
stamp_set() { printf '%s' "$2" > "$STATE/$1"; }
hash_files() { cat "$@" 2>/dev/null | sha1sum | cut -c1-40; }

# Sets up what is missing (system packages, node tools, venv) and starts the
# cluster. It is stopped when the calling script exits, unless it was already
# running (e.g. `make test` while `make run` serves).
setup_and_start_pg() {
    "$ROOT/scripts/setup-system.sh"
    "$ROOT/scripts/setup-venv.sh"
    pg_was_running=0
    "$ROOT/scripts/pg.sh" status >/dev/null 2>&1 && pg_was_running=1
    "$ROOT/scripts/pg.sh" start
    [ "$pg_was_running" = 1 ] || trap '"$ROOT/scripts/pg.sh" stop' EXIT
}
