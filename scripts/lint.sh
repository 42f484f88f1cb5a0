#!/usr/bin/env bash
# OCA's checks for Odoo 11.0 over the suite's addons: pylint-odoo, and flake8
# with OCA's configuration (.flake8: line length at 79, up to 86 with B950).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
log "pylint-odoo over addons/"
# --disable=import-error: astroid cannot follow Odoo's addons import hook
# (odoo.addons.<addon> from the addons path); the tests import everything.
"$VENV/bin/pylint" --rcfile="$ROOT/.pylintrc" --disable=import-error \
    addons/ci_process addons/ci_spc addons/ci_incentive
log "flake8 over addons/"
"$VENV/bin/flake8" --config="$ROOT/.flake8" addons/ci_process addons/ci_spc addons/ci_incentive
"$PY" "$ROOT/scripts/gen_addon_readme.py" --check addons/ci_process addons/ci_spc addons/ci_incentive
# Odoo renders README.rst as the module's description and logs docutils'
# complaints as warnings (which the install test treats as failures)
"$PY" - addons/ci_process addons/ci_spc addons/ci_incentive <<'PYEOF'
import sys
import docutils.core
import docutils.utils
for addon in sys.argv[1:]:
    with open(addon + '/README.rst') as fh:
        docutils.core.publish_string(fh.read(), writer_name='html', settings_overrides={
            'report_level': 2, 'halt_level': 2, 'source_path': addon + '/README.rst'})
PYEOF
log "lint: 0 errors"
