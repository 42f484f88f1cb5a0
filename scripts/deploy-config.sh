#!/usr/bin/env bash
# deploy-config.sh OUT_DIR [--nodes N] [--db NAME] [--db-host H] [--db-port P]
#                  [--db-user U] [--db-password PW] [--data-dir DIR]
#                  [--server-name NAME] [--listen ADDR] [--base-port PORT]
#                  [--workers W] [--public-url URL]
#   Writes a production configuration of the suite into OUT_DIR (docs/deploy.md):
#     node-1.conf ... node-N.conf   Odoo, one per node (from deploy/odoo.conf.in):
#                                   node i serves HTTP on BASE+2i-2, longpolling on
#                                   BASE+2i-1; the master password and, unless
#                                   given, the database password are generated
#     nginx-ci-suite.conf           nginx in front of the nodes
#     ci-suite-odoo@.service        the systemd unit of a node
#     public-url                    the URL QR labels and mails carry
#   Files holding a password are readable by their owner only. An existing
#   OUT_DIR keeps its passwords (the files are written again with them).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

out=""; nodes=2; db="ci_suite"; db_host="127.0.0.1"; db_port="5432"; db_user="ci_suite"; db_password=""
data_dir="/var/lib/ci-suite"; server_name="_"; listen="80"; base_port=8069; workers=4; public_url=""
while [ $# -gt 0 ]; do
    case "$1" in
        --nodes) nodes="$2"; shift ;;
        --db) db="$2"; shift ;;
        --db-host) db_host="$2"; shift ;;
        --db-port) db_port="$2"; shift ;;
        --db-user) db_user="$2"; shift ;;
        --db-password) db_password="$2"; shift ;;
        --data-dir) data_dir="$2"; shift ;;
        --server-name) server_name="$2"; shift ;;
        --listen) listen="$2"; shift ;;
        --base-port) base_port="$2"; shift ;;
        --workers) workers="$2"; shift ;;
        --public-url) public_url="$2"; shift ;;
        -*) die "unknown option $1" ;;
        *) [ -z "$out" ] || die "too many arguments"; out="$1" ;;
    esac
    shift
done
[ -n "$out" ] || { echo "usage: $0 OUT_DIR [--nodes N] [--db NAME] ... (see the script's header)" >&2; exit 2; }
[[ "$nodes" =~ ^[1-9][0-9]?$ ]] || die "--nodes $nodes: a number from 1 to 99"
[[ "$workers" =~ ^[0-9]+$ ]] || die "--workers $workers: a number"
[[ "$base_port" =~ ^[0-9]+$ ]] || die "--base-port $base_port: a number"
[[ "$db" =~ ^[A-Za-z0-9_]+$ ]] || die "--db $db: letters, digits and _ only"
mkdir -p "$out"
umask 077

# a password kept from an earlier run, else a new one
secret() {
    local file="$out/node-1.conf" key="$1"
    if [ -f "$file" ] && grep -q "^$key = " "$file"; then
        grep "^$key = " "$file" | head -1 | cut -d' ' -f3-
    else
        "$PY" -c 'import secrets; print(secrets.token_urlsafe(24))'
    fi
}
admin_passwd="$(secret admin_passwd)"
[ -n "$db_password" ] || db_password="$(secret db_password)"
[ -n "$public_url" ] || public_url="http://$([ "$server_name" = _ ] && hostname -f || echo "$server_name")"

render() {
    # render TEMPLATE OUT KEY=VALUE...: @KEY@ replaced by VALUE (values may hold any character)
    "$PY" - "$@" <<'PYEOF'
import re
import sys
template, target, pairs = sys.argv[1], sys.argv[2], sys.argv[3:]
text = open(template).read()
for pair in pairs:
    key, value = pair.split('=', 1)
    text = text.replace('@%s@' % key, value)
missing = sorted(set(re.findall(r'@([A-Z_]+)@', text)))
if missing:
    sys.exit('%s: no value for %s' % (template, ', '.join(missing)))
open(target, 'w').write(text)
PYEOF
}

http_servers=""; longpolling_servers=""
for i in $(seq 1 "$nodes"); do
    http=$((base_port + 2 * i - 2)); poll=$((base_port + 2 * i - 1))
    render "$ROOT/deploy/odoo.conf.in" "$out/node-$i.conf" \
        DB_HOST="$db_host" DB_PORT="$db_port" DB_USER="$db_user" DB_PASSWORD="$db_password" DB_NAME="$db" \
        ADMIN_PASSWD="$admin_passwd" ADDONS_PATH="$ROOT/addons" DATA_DIR="$data_dir" \
        HTTP_INTERFACE=127.0.0.1 HTTP_PORT="$http" LONGPOLLING_PORT="$poll" WORKERS="$workers" \
        CRON_THREADS=1 LOG_FILE="False"
    http_servers+="    server 127.0.0.1:$http max_fails=1 fail_timeout=10s;"$'\n'
    longpolling_servers+="    server 127.0.0.1:$poll max_fails=1 fail_timeout=10s;"$'\n'
done
umask 022
render "$ROOT/deploy/nginx-ci-suite.conf.in" "$out/nginx-ci-suite.conf" \
    HTTP_SERVERS="${http_servers%$'\n'}" LONGPOLLING_SERVERS="${longpolling_servers%$'\n'}" \
    LISTEN="$listen" SERVER_NAME="$server_name"
render "$ROOT/deploy/ci-suite-odoo@.service" "$out/ci-suite-odoo@.service" CHECKOUT="$ROOT" CONF_DIR="$out"
echo "$public_url" > "$out/public-url"
log "configuration of $nodes node(s) in $out (database $db on $db_host:$db_port as $db_user; public URL $public_url)"
