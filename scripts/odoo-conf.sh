# Reads an Odoo configuration file for the backup and restore scripts;
# sourced, not run.
# shellcheck shell=bash

# load_odoo_conf FILE: exports PGHOST, PGPORT, PGUSER, PGPASSWORD from its
# db_host, db_port, db_user, db_password (when set), and sets ODOO_DATA_DIR to
# its data_dir (relative paths from the checkout, as the suite's scripts run
# Odoo from there).
load_odoo_conf() {
    local conf="$1" assignments
    [ -f "$conf" ] || die "no Odoo configuration $conf"
    assignments="$("$PY" - "$conf" "$ROOT" <<'PYEOF'
import configparser, os, shlex, sys
parser = configparser.ConfigParser(interpolation=None)
parser.read(sys.argv[1])
options = parser['options'] if parser.has_section('options') else {}
for key, var in (('db_host', 'PGHOST'), ('db_port', 'PGPORT'), ('db_user', 'PGUSER'),
                 ('db_password', 'PGPASSWORD')):
    value = options.get(key)
    if value and value != 'False':
        print('export %s=%s' % (var, shlex.quote(value)))
data_dir = options.get('data_dir') or os.path.expanduser('~/.local/share/Odoo')
print('ODOO_DATA_DIR=%s' % shlex.quote(os.path.join(sys.argv[2], data_dir)))
PYEOF
)" || die "cannot read $conf"
    eval "$assignments"
}

# elapsed START STOP: seconds between two `date +%s.%N`, to a tenth
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", b - a }'; }
