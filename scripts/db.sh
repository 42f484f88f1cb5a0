#!/usr/bin/env bash
# db.sh ensure NAME [--fresh] [--without-demo] [--users-lang LANG] [--factory]
#   Creates database NAME with the suite's addons installed (demo data unless
#   --without-demo; English and Chinese loaded, English the default), or brings
#   an existing one up to date: `-u` of the suite's addons only when their
#   sources changed since. --users-lang sets the language of the demo users
#   (operator, engineer, manager) once, when the database is created.
#   --factory loads the demo plant (data/demo_factory.py, six months of an
#   auto-parts plant) once the addons are in place; it needs the demo data.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

ADDONS="ci_process,ci_spc,ci_incentive,web_responsive"
cmd="${1:-}"; name="${2:-}"; shift 2 || true
[ "$cmd" = ensure ] && [ -n "$name" ] || { echo "usage: $0 ensure NAME [--fresh] [--without-demo] [--users-lang LANG] [--factory]" >&2; exit 2; }
fresh=0; demo_flag=(); users_lang=""; factory=0
while [ $# -gt 0 ]; do
    case "$1" in
        --fresh) fresh=1 ;;
        --without-demo) demo_flag=(--without-demo=all) ;;
        --users-lang) users_lang="$2"; shift ;;
        --factory) factory=1 ;;
        *) die "unknown option $1" ;;
    esac
    shift
done

exists() { psql -d postgres -tAc "select 1 from pg_database where datname='$1'" | grep -q 1; }
# what the installed addons were built from: code, data and the runtime
addons_hash() {
    (cd "$ROOT" && find addons runtime requirements.txt -type f ! -name '*.pyc' -print0 \
        | sort -z | xargs -0 sha1sum) | sha1sum | cut -c1-40
}

# The modules our addons depend on that are not ours, comma-separated.
external_deps() {
    "$PY" - "$ROOT/addons" <<'PYEOF'
import ast, os, sys
root = sys.argv[1]
ours = set(os.listdir(root))
deps = set()
for name in ours:
    path = os.path.join(root, name, '__manifest__.py')
    if os.path.exists(path):
        deps.update(ast.literal_eval(open(path).read()).get('depends', []))
print(','.join(sorted(deps - ours)))
PYEOF
}

# Runs Odoo into a log; an install that logged an ERROR failed, even if Odoo exited 0.
odoo_logged() {
    local logf="$1"; shift
    if ! "$ROOT/scripts/odoo.sh" "$@" --stop-after-init --log-level=warn >"$logf" 2>&1 \
        || grep -qE ' (ERROR|CRITICAL) ' "$logf"; then
        grep -E ' (ERROR|CRITICAL) ' -A 15 "$logf" | head -60 >&2 || tail -40 "$logf" >&2
        die "odoo $* failed (log: $logf)"
    fi
}

want="$(addons_hash)"
if [ "$fresh" = 1 ] && exists "$name"; then
    log "dropping database $name"
    psql -q -d postgres -c "drop database \"$name\""
fi
if ! exists "$name"; then
    log "creating database $name with $ADDONS"
    rm -rf "$ROOT/var/data/filestore/$name"
    rm -f "$STATE/factory-$name"
    # a half-installed database must not pass for a ready one next time
    trap 'psql -q -d postgres -c "drop database if exists \"$name\"" || true' EXIT
    odoo_logged "$LOG_DIR/install-$name.log" -d "$name" -i "$ADDONS" "${demo_flag[@]}" \
        --load-language=en_US,zh_CN
    if [ -n "$users_lang" ] && [ ${#demo_flag[@]} = 0 ]; then
        echo "env['res.users'].search([('login', 'in', ['operator', 'engineer', 'manager'])]).write({'lang': '$users_lang'}); env.cr.commit()" \
            | "$ROOT/scripts/odoo.sh" shell -d "$name" --log-level=warn >/dev/null
    fi
    trap - EXIT
    stamp_set "db-$name" "$want"
elif ! stamp_ok "db-$name" "$want"; then
    log "updating the addons in $name (sources changed)"
    # -u does not install a dependency an addon gained since: -i those
    # (only those: -i of an installed module reloads its data, demo included)
    missing="$(psql -d "$name" -tAc "select string_agg(n, ',') from unnest(string_to_array('$(external_deps)', ',')) n
                                      where n not in (select name from ir_module_module where state = 'installed')")"
    install=(); [ -n "$missing" ] && install=(-i "$missing")
    odoo_logged "$LOG_DIR/update-$name.log" -d "$name" "${install[@]}" -u "$ADDONS"
    stamp_set "db-$name" "$want"
fi

# The factory checks its own marker in the database; the stamp only spares
# starting an Odoo shell to find it there.
if [ "$factory" = 1 ]; then
    [ ${#demo_flag[@]} = 0 ] || die "--factory needs the demo data (the demo users run the plant)"
    factory_want="$(hash_files "$ROOT"/data/demo_factory.*)"
    if ! stamp_ok "factory-$name" "$factory_want"; then
        log "loading the demo factory into $name"
        "$ROOT/scripts/demo-factory.sh" "$name"
        stamp_set "factory-$name" "$factory_want"
    fi
fi
