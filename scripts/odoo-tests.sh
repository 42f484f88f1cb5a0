#!/usr/bin/env bash
# Runtime health: Odoo 11's own tests of the addons the suite relies on, run
# under our runtime on a fresh database. Known exceptions, each with its
# reason, are in runtime/odoo-test-exceptions.txt; anything else fails.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${ODOO_TESTS_DB:-ci_odoo_tests}"
MODULES="base,mail,product,stock,mrp,gamification,report_xlsx,web_responsive"
logf="$LOG_DIR/odoo-tests.log"

"$ROOT/scripts/pg.sh" start
psql -q -d postgres -c "drop database if exists \"$DB\""
rm -rf "$ROOT/var/data/filestore/$DB"
log "running Odoo's own tests of $MODULES (log: $logf)"
start=$(date +%s)
# the HTTP port is free-ish and private to this run (HttpCase tests serve on it)
"$ROOT/scripts/odoo.sh" -d "$DB" -i "$MODULES" --test-enable --stop-after-init \
    --log-level=test --http-port="${ODOO_TESTS_PORT:-8169}" --longpolling-port=0 \
    --max-cron-threads=0 --workers=0 >"$logf" 2>&1 || true
log "Odoo's own tests took $(( $(date +%s) - start )) s"
psql -q -d postgres -c "drop database if exists \"$DB\""
mkdir -p "$ROOT/var/artifacts"
"$PY" "$ROOT/scripts/odoo_tests_report.py" "$logf" "$ROOT/runtime/odoo-test-exceptions.txt" \
    "$ROOT/var/artifacts/odoo-tests.json"
