#!/usr/bin/env bash
# Runs Odoo (server, shell, -i/-u...) with the project's runtime: venv with the
# compatibility layer, lessc on PATH, odoo.conf, from the checkout.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
cd "$ROOT"
exec "$PY" "$ROOT/runtime/odoo-bin" -c "$ROOT/odoo.conf" "$@"
