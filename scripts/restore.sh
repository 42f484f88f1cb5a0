#!/usr/bin/env bash
# restore.sh BACKUP NEWDB [--conf FILE] [--copy]
#   Restores a backup of scripts/backup.sh (its folder) into a new database
#   NEWDB and its filestore: checks the MANIFEST's checksums, creates NEWDB
#   (never overwrites one), pg_restore, then unpacks the files into
#   <data_dir>/filestore/NEWDB. --copy gives the restored database a new
#   identity (database.uuid and database.secret), as Odoo's database manager
#   does for a copy: use it when the original stays in service beside it.
#   The connection and data_dir come from the Odoo configuration FILE (default:
#   the checkout's odoo.conf).
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$ROOT/scripts/odoo-conf.sh"

backup=""; db=""; conf="$ROOT/odoo.conf"; copy=0
while [ $# -gt 0 ]; do
    case "$1" in
        --conf) conf="$2"; shift ;;
        --copy) copy=1 ;;
        -*) die "unknown option $1" ;;
        *) if [ -z "$backup" ]; then backup="$1"; elif [ -z "$db" ]; then db="$1"; else die "too many arguments"; fi ;;
    esac
    shift
done
[ -n "$backup" ] && [ -n "$db" ] || { echo "usage: $0 BACKUP NEWDB [--conf FILE] [--copy]" >&2; exit 2; }
[[ "$db" =~ ^[A-Za-z0-9_][A-Za-z0-9_.-]*$ ]] || die "database name $db: letters, digits, _ . - only"
load_odoo_conf "$conf"
[ -f "$backup/MANIFEST" ] || die "$backup is not a backup (no MANIFEST)"
(cd "$backup" && grep -E '^[0-9a-f]{64}  ' MANIFEST | sha256sum --check --quiet) || die "$backup: checksums differ"
if psql -d postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1; then
    die "database $db exists: restore into a new one"
fi
store="$ODOO_DATA_DIR/filestore/$db"
[ ! -e "$store" ] || die "$store exists: restore into a new database"

t0=$(date +%s.%N)
createdb "$db"
# the objects become the connecting role's (--no-owner), as Odoo's own restore
if ! "$PG_BIN/pg_restore" --no-owner --no-privileges --exit-on-error --jobs=2 --dbname="$db" "$backup/db.dump"; then
    dropdb "$db"
    die "pg_restore failed; $db dropped"
fi
t1=$(date +%s.%N)
mkdir -p "$store"
tar -xzf "$backup/filestore.tar.gz" -C "$store" --strip-components=1
if [ "$copy" = 1 ]; then
    psql -q -d "$db" -c "UPDATE ir_config_parameter SET value = gen_random_uuid()::text
                          WHERE key IN ('database.uuid', 'database.secret')"
fi
t2=$(date +%s.%N)
log "restored $(grep '^database:' "$backup/MANIFEST" | cut -d' ' -f2) into $db: database in $(elapsed $t0 $t1) s, $(find "$store" -type f | wc -l) files in $(elapsed $t1 $t2) s"
