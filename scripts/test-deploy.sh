#!/usr/bin/env bash
# `make test-deploy`: the production tests of docs/deploy.md alone (make test
# runs them too): two Odoo nodes behind nginx under load with one killed,
# backup and restore, upgrade from each release. They start from the test
# database (created with the demo plant when missing).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
DB="${CI_TEST_DB:-ci_test}"
cd "$ROOT"
setup_and_start_pg
CI_DEMO_LANG=zh_CN "$ROOT/scripts/db.sh" ensure "$DB" --factory
"$PY" -m pytest --odoo-config="$ROOT/odoo.conf" --odoo-database="$DB" -p no:warnings \
    tests/test_deploy.py tests/test_backup_restore.py tests/test_upgrade.py "$@"
