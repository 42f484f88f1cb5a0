#!/usr/bin/env bash
# Runs Odoo (server, shell, -i/-u...) with the project's runtime: venv with the
# compatibility layer, lessc on PATH, odoo.conf, from the checkout. CI_ODOO_CONF
# names another configuration file (a production node's, docs/deploy.md).
#   scripts/odoo.sh [SUBCOMMAND] [ARGS...]    e.g. scripts/odoo.sh shell -d ci_demo
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
sub=()
# an Odoo subcommand (shell, scaffold...) must come before the options
if [ $# -gt 0 ] && [[ "$1" != -* ]]; then sub=("$1"); shift; fi
exec "$PY" "$ROOT/runtime/odoo-bin" "${sub[@]}" -c "${CI_ODOO_CONF:-$ROOT/odoo.conf}" "$@"
