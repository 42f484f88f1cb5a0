#!/usr/bin/env bash
# replica-trial.sh DUMP   (as root; docs/deploy.md, "A streaming replica")
#   Tries a PostgreSQL 15 streaming replica once, on throw-away clusters in
#   /tmp (ports 55436 and 55437): a primary with a password role and DUMP
#   (a backup's db.dump) restored into ci_suite, a replica made by
#   pg_basebackup, then a write on the primary read on the replica, a report
#   and a refused write on the replica, and pg_dump taken from the replica.
#   Removes both clusters at the end.
set -euo pipefail
DUMP="${1:?usage: $0 DUMP, the db.dump of a backup}"
P=/usr/lib/postgresql/15/bin
pg() { (cd / && runuser -u postgres -- "$@"); }
pg $P/pg_ctl -D /tmp/ci-replica -m fast stop 2>/dev/null || true
pg $P/pg_ctl -D /tmp/ci-primary -m fast stop 2>/dev/null || true
rm -rf /tmp/ci-primary /tmp/ci-replica
pg $P/initdb -D /tmp/ci-primary -U postgres --auth-local=trust --auth-host=scram-sha-256 -E UTF8 --locale=C.UTF-8 >/dev/null
cat >> /tmp/ci-primary/postgresql.conf <<CONF
port = 55436
listen_addresses = '127.0.0.1'
unix_socket_directories = '/tmp'
wal_level = replica
max_wal_senders = 5
hot_standby = on
CONF
echo "host replication replicator 127.0.0.1/32 scram-sha-256" >> /tmp/ci-primary/pg_hba.conf
pg $P/pg_ctl -D /tmp/ci-primary -l /tmp/ci-primary.log -w start >/dev/null
pg psql -h /tmp -p 55436 -qc "CREATE ROLE replicator REPLICATION LOGIN PASSWORD 'replica-pw'; CREATE ROLE ci_suite LOGIN CREATEDB PASSWORD 'suite-pw'"
t0=$(date +%s.%N)
PGPASSWORD=suite-pw createdb -h 127.0.0.1 -p 55436 -U ci_suite ci_suite
PGPASSWORD=suite-pw /usr/lib/postgresql/15/bin/pg_restore -h 127.0.0.1 -p 55436 -U ci_suite --no-owner --no-privileges -d ci_suite "$DUMP"
echo "primary loaded: $(echo "$(date +%s.%N) - $t0" | bc) s"
t0=$(date +%s.%N)
(cd / && runuser -u postgres -- env PGPASSWORD=replica-pw $P/pg_basebackup -h 127.0.0.1 -p 55436 -U replicator \
    -D /tmp/ci-replica -R -X stream -C -S replica1 --checkpoint=fast)
echo "base backup: $(echo "$(date +%s.%N) - $t0" | bc) s, $(du -sh /tmp/ci-replica | cut -f1)"
echo "port = 55437" >> /tmp/ci-replica/postgresql.conf
pg $P/pg_ctl -D /tmp/ci-replica -l /tmp/ci-replica.log -w start >/dev/null
sleep 1
pg psql -h /tmp -p 55436 -Atc "SELECT 'primary sees: ' || application_name || ' ' || state || ' ' || sync_state FROM pg_stat_replication"
pg psql -h /tmp -p 55437 -Atc "SELECT 'replica in recovery: ' || pg_is_in_recovery()"
# a write on the primary, read on the replica
PGPASSWORD=suite-pw psql -h 127.0.0.1 -p 55436 -U ci_suite -d ci_suite -qc "CREATE TABLE replica_trial AS SELECT n, md5(n::text) AS h FROM generate_series(1, 100000) n"
t0=$(date +%s.%N)
until [ "$(pg psql -h /tmp -p 55437 -d ci_suite -Atc "SELECT count(*) FROM pg_class WHERE relname = 'replica_trial'")" = 1 ] \
      && [ "$(pg psql -h /tmp -p 55437 -d ci_suite -Atc "SELECT count(*) FROM replica_trial")" = 100000 ]; do sleep 0.01; done
echo "100,000 rows written on the primary: on the replica after $(echo "$(date +%s.%N) - $t0" | bc) s"
pg psql -h /tmp -p 55436 -Atc "SELECT 'lag (bytes): ' || pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) FROM pg_stat_replication"
# a report on the replica; a write refused there
pg psql -h /tmp -p 55437 -d ci_suite -Atc "SELECT 'report on the replica: ' || (SELECT count(*) FROM ci_spc_measurement) || ' measurements, ' || (SELECT count(*) FROM ci_improvement) || ' improvements'"
pg psql -h /tmp -p 55437 -d ci_suite -c "DELETE FROM ci_point_entry" 2>&1 | head -1 || true
# the nightly backup taken from the replica
t0=$(date +%s.%N)
pg $P/pg_dump -h /tmp -p 55437 -Fc -f /tmp/replica.dump ci_suite
echo "pg_dump from the replica: $(echo "$(date +%s.%N) - $t0" | bc) s, $(du -h /tmp/replica.dump | cut -f1)"
pg psql -h /tmp -p 55436 -d ci_suite -Atc "SELECT 'primary ledger: ' || count(*) || ' rows, ' || sum(points) FROM ci_point_entry"
pg psql -h /tmp -p 55437 -d ci_suite -Atc "SELECT 'replica ledger: ' || count(*) || ' rows, ' || sum(points) FROM ci_point_entry"
pg $P/pg_ctl -D /tmp/ci-replica -m fast -w stop >/dev/null
pg psql -h /tmp -p 55436 -qc "SELECT pg_drop_replication_slot('replica1')"
pg $P/pg_ctl -D /tmp/ci-primary -m fast -w stop >/dev/null
rm -rf /tmp/ci-primary /tmp/ci-replica /tmp/replica.dump
echo done
