# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SQL of the statement triggers that keep the suite's facts (KPI facts,
program-health facts, SOP runners): built here once, from each caller's
constants."""

# the transition tables a statement trigger of each event reads
TRANSITION_TABLES = {
    'INSERT': 'NEW TABLE AS new_rows',
    'DELETE': 'OLD TABLE AS old_rows',
    'UPDATE': 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
}


def statement_trigger(name, table, event, function):
    """(DROP, CREATE) of trigger ``name``, AFTER ``event`` on ``table`` for
    each statement, running ``function`` with the event's transition tables."""
    return ('DROP TRIGGER IF EXISTS {name} ON {table}'.format(name=name, table=table),
            """CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {tables}
               FOR EACH STATEMENT EXECUTE FUNCTION {function}()""".format(
                name=name, event=event, table=table, tables=TRANSITION_TABLES[event], function=function))


def refresh_keys_function(function, keys, watched, refresh, key_types):
    """PL/pgSQL of trigger function ``function``: the keys (two columns,
    of ``key_types``) that ``keys`` (SQL over the relation {rows}) gives for
    the rows inserted, deleted, or updated in a ``watched`` column (before
    and after), passed as two arrays to SQL function ``refresh``."""
    changed = ' OR '.join('o.{c} IS DISTINCT FROM n.{c}'.format(c=c) for c in watched)
    changed_rows = "(SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE %s)" % changed
    return """
CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $fn$
DECLARE
    key_a {type_a}[];
    key_b {type_b}[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(k.a), array_agg(k.b) INTO key_a, key_b FROM ({new}) k(a, b);
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(k.a), array_agg(k.b) INTO key_a, key_b FROM ({old}) k(a, b);
    ELSE
        SELECT array_agg(k.a), array_agg(k.b) INTO key_a, key_b
          FROM ({changed_old} UNION {changed_new}) k(a, b);
    END IF;
    IF key_a IS NOT NULL THEN
        PERFORM {refresh}(key_a, key_b);
    END IF;
    RETURN NULL;
END
$fn$""".format(function=function, type_a=key_types[0], type_b=key_types[1], refresh=refresh,
               new=keys.format(rows='new_rows'), old=keys.format(rows='old_rows'),
               changed_old=keys.format(rows=changed_rows.format(side='o')),
               changed_new=keys.format(rows=changed_rows.format(side='n')))
