#!/usr/bin/env bash
# kpi-facts.sh DB
#   Rebuilds the KPI facts (ci.kpi.fact) of database DB from its work orders,
#   time logs and scraps, in one transaction. The triggers keep them up to
#   date; a rebuild is needed only after a unit of measure's factor changed.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
name="${1:-}"
[ -n "$name" ] || { echo "usage: $0 DB" >&2; exit 2; }
t0=$(date +%s)
echo "print('KPI facts:', env['ci.kpi.fact']._rebuild()); env.cr.commit()" \
    | "$ROOT/scripts/odoo.sh" shell -d "$name" --log-level=warn --no-http
log "KPI facts of $name rebuilt in $(( $(date +%s) - t0 )) s"
