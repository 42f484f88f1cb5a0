#!/usr/bin/env bash
# `make test`: sets up what is missing, then runs every check of the suite on
# a database created fresh for the run:
#   lint (pylint-odoo) -> pytest (runtime, addons, cross-module: XML-RPC,
#   Chromium) -> Odoo 11's own tests under our runtime.
# Every step runs even if an earlier one failed; the exit status is non-zero
# when any failed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${CI_TEST_DB:-ci_test}"
cd "$ROOT"
t0=$(date +%s)

setup_and_start_pg
log "set-up done in $(( $(date +%s) - t0 )) s"

declare -A status
run_step() {
    local name="$1"; shift
    local s; s=$(date +%s)
    log "step: $name"
    if "$@"; then status[$name]=ok; else status[$name]=FAILED; fi
    log "step $name: ${status[$name]} ($(( $(date +%s) - s )) s)"
}

run_step lint "$ROOT/scripts/lint.sh"
# the plant in Chinese, as its users read it (the test users stay in English:
# the tests read messages in English)
run_step database env CI_DEMO_LANG=zh_CN "$ROOT/scripts/db.sh" ensure "$DB" --fresh --factory
rm -rf "$ROOT/var/artifacts"
if [ "${status[database]}" = ok ]; then
    run_step pytest "$PY" -m pytest --odoo-config="$ROOT/odoo.conf" --odoo-database="$DB" \
        --junitxml="$ROOT/var/artifacts/pytest.xml" runtime/tests addons tests
else
    status[pytest]=FAILED
fi
run_step odoo-tests "$ROOT/scripts/odoo-tests.sh"

# stop the cluster now (if we started it) so the closing line below is the last one
if [ "$pg_was_running" = 0 ]; then trap - EXIT; "$ROOT/scripts/pg.sh" stop; fi
echo
log "summary ($(( $(date +%s) - t0 )) s in all)"
failed=0
for step in lint database pytest odoo-tests; do
    printf '  %-11s %s\n' "$step" "${status[$step]}"
    [ "${status[$step]}" = ok ] || failed=$((failed + 1))
done
shots=$(ls "$ROOT"/var/artifacts/screenshots/*.png 2>/dev/null || true)
[ -z "$shots" ] || { echo "  screenshots:"; printf '    %s\n' $shots; }
"$PY" "$ROOT/scripts/test_summary.py" "$ROOT/var/artifacts/pytest.xml" \
    "$ROOT/var/artifacts/odoo-tests.json" \
    lint="${status[lint]}" database="${status[database]}" \
    pytest="${status[pytest]}" odoo-tests="${status[odoo-tests]}" && [ "$failed" = 0 ]
