#!/usr/bin/env bash
# demo-factory.sh DB
#   Loads the demo plant (data/demo_factory.py: six months of an auto-parts
#   plant) into database DB, in one transaction. Idempotent: the factory
#   checks its marker in the database and adds nothing the second time.
#   Its texts are in the demo users' language (zh_CN or en_US), unless
#   CI_DEMO_LANG=zh_CN|en_US says otherwise; CI_DEMO_TODAY=YYYY-MM-DD sets
#   the day it counts back from (the Python environment passes both on).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
name="${1:-}"
[ -n "$name" ] || { echo "usage: $0 DB" >&2; exit 2; }
t0=$(date +%s)
echo "import sys; sys.path.insert(0, '$ROOT/data'); import demo_factory; demo_factory.main(env)" \
    | "$ROOT/scripts/odoo.sh" shell -d "$name" --log-level=warn --no-http
log "demo factory in $name: $(( $(date +%s) - t0 )) s"
