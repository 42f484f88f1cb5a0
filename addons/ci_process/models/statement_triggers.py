# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SQL of the statement triggers that keep the suite's facts (KPI facts,
program-health facts, SOP runners): built here once, from each caller's
constants."""


def marked_keys_function(header, first_array, query):
    """PL/pgSQL of a function that computes the facts of marked keys
    (``header``: its CREATE OR REPLACE FUNCTION ... RETURNS clause) with
    ``query``, which reads the arrays of keys. Not SQL: an SQL function is
    inlined into the query of every reader, which then plans its whole body
    even without marks (2.5 ms of planning per read of the KPI facts, more
    than the read); here the body is planned only when it runs, and without
    keys (``first_array`` empty or null) it returns at once.

    Only for a body that plans well without knowing the keys (the KPI
    facts: index scans per work center and day, 4 ms for two days of two
    work centers on the plant-scale data). The program-health facts'
    body, planned so, hashes every pilot (67 ms for one month); inlined,
    with the marks' estimate, it takes 1 ms: it stays SQL."""
    return """{header} LANGUAGE plpgsql STABLE AS $fn$
#variable_conflict use_column
BEGIN
    IF COALESCE(cardinality({first_array}), 0) = 0 THEN
        RETURN;
    END IF;
    RETURN QUERY {query};
END
$fn$""".format(
        header=header, first_array=first_array, query=query.strip().rstrip(';')
    )


# the transition tables a statement trigger of each event reads
TRANSITION_TABLES = {
    'INSERT': 'NEW TABLE AS new_rows',
    'DELETE': 'OLD TABLE AS old_rows',
    'UPDATE': 'OLD TABLE AS old_rows NEW TABLE AS new_rows',
}


def statement_trigger(name, table, event, function):
    """(DROP, CREATE) of trigger ``name``, AFTER ``event`` on ``table`` for
    each statement, running ``function`` with the event's transition tables."""
    return (
        'DROP TRIGGER IF EXISTS {name} ON {table}'.format(
            name=name, table=table
        ),
        """CREATE TRIGGER {name} AFTER {event} ON {table} REFERENCING {tables}
               FOR EACH STATEMENT EXECUTE FUNCTION {function}()""".format(
            name=name,
            event=event,
            table=table,
            tables=TRANSITION_TABLES[event],
            function=function,
        ),
    )


def refresh_keys_function(function, keys, watched, refresh, key_types):
    """PL/pgSQL of trigger function ``function``: the keys (two columns,
    of ``key_types``) that ``keys`` (SQL over the relation {rows}) gives for
    the rows inserted, deleted, or updated in a ``watched`` column (before
    and after), passed as two arrays to SQL function ``refresh``."""
    changed = ' OR '.join(
        'o.{c} IS DISTINCT FROM n.{c}'.format(c=c) for c in watched
    )
    changed_rows = (
        "(SELECT {side}.* FROM old_rows o JOIN new_rows n ON n.id = o.id WHERE %s)"
        % changed
    )
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
$fn$""".format(
        function=function,
        type_a=key_types[0],
        type_b=key_types[1],
        refresh=refresh,
        new=keys.format(rows='new_rows'),
        old=keys.format(rows='old_rows'),
        changed_old=keys.format(rows=changed_rows.format(side='o')),
        changed_new=keys.format(rows=changed_rows.format(side='n')),
    )
