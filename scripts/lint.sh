#!/usr/bin/env bash
# pylint-odoo (OCA's checks for Odoo 11.0) over the suite's addons.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
log "pylint-odoo over addons/"
# --disable=import-error: astroid cannot follow Odoo's addons import hook
# (odoo.addons.<addon> from the addons path); the tests import everything.
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" --disable=import-error \
    addons/ci_process addons/ci_spc addons/ci_incentive
"$PY" "$ROOT/scripts/gen_addon_readme.py" --check addons/ci_process addons/ci_spc addons/ci_incentive
log "lint: 0 errors"
