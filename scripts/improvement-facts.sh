#!/usr/bin/env bash
# improvement-facts.sh DB
#   Rebuilds the program-health monthly facts (ci.improvement.fact) of
#   database DB from its improvements and pilots, in one transaction. The
#   triggers keep them up to date; rebuild only after those tables were changed
#   with the triggers disabled (a restore of some tables, say).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
name="${1:-}"
[ -n "$name" ] || { echo "usage: $0 DB" >&2; exit 2; }
t0=$(date +%s)
echo "print('Program health facts:', env['ci.improvement.fact']._rebuild()); env.cr.commit()" \
    | "$ROOT/scripts/odoo.sh" shell -d "$name" --log-level=warn --no-http
log "Program health facts of $name rebuilt in $(( $(date +%s) - t0 )) s"
