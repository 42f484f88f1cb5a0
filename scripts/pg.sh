#!/usr/bin/env bash
# The project's own PostgreSQL cluster: pg.sh start | stop | status
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ensure_installed() {
    [ -x "$PG_BIN/initdb" ] && return
    log "installing PostgreSQL 15 (Debian)"
    apt_install postgresql
}

apt_install() {
    [ "$(id -u)" = 0 ] || die "need root to apt-get install $*"
    if [ ! -f "$STATE/apt-updated" ]; then apt-get update -qq && touch "$STATE/apt-updated"; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

init_cluster() {
    [ -f "$PGDATA_DIR/PG_VERSION" ] && return
    log "creating PostgreSQL cluster in $PGDATA_DIR (port $PG_PORT, user $PG_OSUSER)"
    mkdir -p "$PGDATA_DIR"
    [ "$(id -u)" = 0 ] && chown "$PG_OSUSER" "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    # trust on the loopback and a private socket only: a throw-away local cluster.
    as_pg "$PG_BIN/initdb" -D "$PGDATA_DIR" -U postgres --auth=trust -E UTF8 \
        --locale=C.UTF-8 >/dev/null
    as_pg mkdir -p "$PG_SOCKET_DIR"
    cat >> "$PGDATA_DIR/postgresql.conf" <<CONF
# --- project settings (scripts/pg.sh) ---
listen_addresses = '127.0.0.1'
port = $PG_PORT
unix_socket_directories = '$PG_SOCKET_DIR'
CONF
}

# The tuning, rewritten at every start so that an existing cluster follows
# this script too.
write_settings() {
    local conf="$PGDATA_DIR/postgresql.conf"
    grep -q "^include_if_exists = 'project.conf'" "$conf" \
        || echo "include_if_exists = 'project.conf'" | as_pg tee -a "$conf" >/dev/null
    as_pg tee "$PGDATA_DIR/project.conf" >/dev/null <<CONF
# written by scripts/pg.sh at every start: edit the script, not this file
# a throw-away cluster for development, tests and benchmarks: no durability
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
shared_buffers = 512MB
work_mem = 32MB
maintenance_work_mem = 256MB
# The data lives in memory or on SSD, where a random read costs about a
# sequential one (PostgreSQL's documentation suggests 1.1 for SSD). With the
# default of 4 the planner scans small tables rather than use their primary
# key, and every foreign key check does so: a measurement's check against
# the 160 characteristics of a benchmark database took 7.5 µs instead of
# 2.7 µs, more than half of the time COPY takes per row.
random_page_cost = 1.1
# Odoo's queries are short: JIT compilation (for plans above jit_above_cost)
# costs more than it saves. The live facts' views (ci_kpi_fact_live and
# friends) are planned with the cost of recomputing every raw row, which
# they almost never do: JIT then took 100 ms of a 2 ms read of the
# program-health dashboard (bench/plant_scale.py). docs/deploy.md sets it
# on the production role too.
jit = off
CONF
}

# Who may connect, rewritten at every start too. Trust on the loopback for
# development, except the roles of the production test (make test-deploy,
# docs/deploy.md): they log in with a password (scram-sha-256), as in
# production, so that a missing or wrong one is refused.
write_hba() {
    as_pg tee "$PGDATA_DIR/pg_hba.conf" >/dev/null <<CONF
# written by scripts/pg.sh at every start: edit the script, not this file
host    all             ci_deploy       127.0.0.1/32            scram-sha-256
local   all             ci_deploy                               scram-sha-256
local   all             all                                     trust
host    all             all             127.0.0.1/32            trust
host    all             all             ::1/128                 trust
local   replication     all                                     trust
host    replication     all             127.0.0.1/32            trust
host    replication     all             ::1/128                 trust
CONF
}

is_running() { as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" status >/dev/null 2>&1; }

start() {
    ensure_installed
    init_cluster
    write_settings
    write_hba
    if ! is_running; then
        log "starting PostgreSQL on 127.0.0.1:$PG_PORT"
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -l "$PGDATA_DIR/server.log" -w -t 60 start >/dev/null \
            || { tail -20 "$PGDATA_DIR/server.log" >&2; die "PostgreSQL did not start"; }
    else
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" reload >/dev/null   # settings that a reload takes
    fi
    # Odoo refuses to connect as `postgres`: a dedicated role that may create databases.
    if ! psql -U postgres -d postgres -tAc "select 1 from pg_roles where rolname='$PG_DBUSER'" | grep -q 1; then
        psql -q -U postgres -d postgres -c "create role $PG_DBUSER login createdb password '$PG_DBUSER'"
    fi
}

stop() {
    if [ -f "$PGDATA_DIR/PG_VERSION" ] && is_running; then
        log "stopping PostgreSQL"
        as_pg "$PG_BIN/pg_ctl" -D "$PGDATA_DIR" -m fast -w stop >/dev/null
    fi
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    status) if is_running; then echo "running on port $PG_PORT ($PGDATA_DIR)"; else echo "stopped"; exit 3; fi ;;
    *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
