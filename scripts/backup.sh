#!/usr/bin/env bash
# backup.sh DB [DEST] [--conf FILE]
#   A backup of database DB and of its filestore (the attachments' files), in
#   folder DEST (default var/backups/DB-<UTC date and time>):
#     db.dump             pg_dump, custom format (compressed; pg_restore reads it)
#     filestore.tar.gz    <data_dir>/filestore/DB
#     MANIFEST            the database, when, the code's commit, sha256 of both
#   The connection and data_dir come from the Odoo configuration FILE (default:
#   the checkout's odoo.conf). The dump is taken first, then the files: Odoo
#   never rewrites a stored file (its name is its checksum), so every file the
#   dump refers to is in the archive, plus perhaps a few newer ones.
#   Restore with scripts/restore.sh.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
source "$ROOT/scripts/odoo-conf.sh"

db=""; dest=""; conf="$ROOT/odoo.conf"
while [ $# -gt 0 ]; do
    case "$1" in
        --conf) conf="$2"; shift ;;
        -*) die "unknown option $1" ;;
        *) if [ -z "$db" ]; then db="$1"; elif [ -z "$dest" ]; then dest="$1"; else die "too many arguments"; fi ;;
    esac
    shift
done
[ -n "$db" ] || { echo "usage: $0 DB [DEST] [--conf FILE]" >&2; exit 2; }
load_odoo_conf "$conf"
psql -d postgres -tAc "select 1 from pg_database where datname = '$db'" | grep -q 1 || die "no database $db"
dest="${dest:-$ROOT/var/backups/$db-$(date -u +%Y%m%d-%H%M%S)}"
[ ! -e "$dest/db.dump" ] || die "$dest already holds a backup"
# a backup holds everything, the users' password hashes too: its owner's alone
umask 077
mkdir -p "$dest"

t0=$(date +%s.%N)
"$PG_BIN/pg_dump" --format=custom --no-owner --no-privileges --file="$dest/db.dump" "$db"
t1=$(date +%s.%N)
store="$ODOO_DATA_DIR/filestore/$db"
if [ -d "$store" ]; then
    tar -czf "$dest/filestore.tar.gz" -C "$ODOO_DATA_DIR/filestore" "$db"
else
    # a database without stored files: an empty archive, so that restore finds one
    tar -czf "$dest/filestore.tar.gz" --files-from /dev/null
fi
t2=$(date +%s.%N)
{
    echo "database: $db"
    echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
    echo "code: $(git -C "$ROOT" rev-parse HEAD 2>/dev/null || echo unknown)"
    echo "files: $(find "$store" -type f 2>/dev/null | wc -l)"
    (cd "$dest" && sha256sum db.dump filestore.tar.gz)
} > "$dest/MANIFEST"
log "backup of $db in $dest: dump $(du -h "$dest/db.dump" | cut -f1) in $(elapsed $t0 $t1) s, files $(du -h "$dest/filestore.tar.gz" | cut -f1) in $(elapsed $t1 $t2) s"
echo "$dest"
