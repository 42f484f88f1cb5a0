#!/usr/bin/env bash
# `make run`: set everything up if needed, then serve the suite with demo data
# at http://localhost:8069 until interrupted (PostgreSQL is stopped on exit).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${CI_DEMO_DB:-ci_demo}"

setup_and_start_pg
"$ROOT/scripts/db.sh" ensure "$DB" --users-lang zh_CN --factory

log "serving database $DB at http://localhost:8069 (admin/admin; operator, engineer, manager: password = login). Ctrl-C stops."
# in the background so that Ctrl-C or a TERM sent to this script alone
# reaches the server too; PostgreSQL is stopped by the EXIT trap after it
"$ROOT/scripts/odoo.sh" -d "$DB" --db-filter="^${DB}\$" --http-interface=0.0.0.0 "$@" &
odoo_pid=$!
trap 'kill -TERM "$odoo_pid" 2>/dev/null' INT TERM
wait "$odoo_pid" || true
wait "$odoo_pid" 2>/dev/null || true
