# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Steps of the addons' migrations/ scripts that work on a cursor alone."""

from psycopg2 import sql


def _column_exists(cr, table, column):
    cr.execute(
        """SELECT 1 FROM information_schema.columns
                   WHERE table_schema = current_schema()
                     AND table_name = %s AND column_name = %s""",
        (table, column),
    )
    return bool(cr.fetchone())


def rename_field(cr, model, table, old, new):
    """Field ``old`` of ``model`` becomes ``new`` with its data: run as a
    pre-migration step, before Odoo reads the models, so that it finds the
    column and the field's record (translations, defaults, xml id) under
    the new name instead of dropping the one and creating the other.
    Idempotent: a database already renamed is left alone."""
    if _column_exists(cr, table, old) and not _column_exists(cr, table, new):
        cr.execute(
            sql.SQL("ALTER TABLE {} RENAME COLUMN {} TO {}").format(
                sql.Identifier(table), sql.Identifier(old), sql.Identifier(new)
            )
        )
    cr.execute(
        """UPDATE ir_model_fields f SET name = %(new)s
                   WHERE f.model = %(model)s AND f.name = %(old)s
                     AND NOT EXISTS (SELECT 1 FROM ir_model_fields n
                                      WHERE n.model = %(model)s
                                        AND n.name = %(new)s)
               RETURNING f.id""",
        dict(model=model, old=old, new=new),
    )
    field_ids = tuple(row[0] for row in cr.fetchall())
    if field_ids:
        cr.execute(
            """UPDATE ir_model_data SET name = %s
                       WHERE model = 'ir.model.fields' AND name = %s
                         AND res_id IN %s""",
            (
                'field_%s_%s' % (table, new),
                'field_%s_%s' % (table, old),
                field_ids,
            ),
        )
        # the label changed too: the addons' .po files load it again
        cr.execute(
            """DELETE FROM ir_translation
                       WHERE name = 'ir.model.fields,field_description'
                         AND res_id IN %s""",
            (field_ids,),
        )
    # the chatter's history and people's saved filters and exports
    cr.execute(
        """UPDATE mail_tracking_value t SET field = %s
                    FROM mail_message m
                   WHERE m.id = t.mail_message_id AND m.model = %s
                     AND t.field = %s""",
        (new, model, old),
    )
    for quote in ("'", '"'):
        cr.execute(
            """UPDATE ir_filters
                         SET domain = replace(domain, %(old)s, %(new)s),
                             context = replace(context, %(old)s, %(new)s)
                       WHERE model_id = %(model)s""",
            dict(
                model=model, old=quote + old + quote, new=quote + new + quote
            ),
        )
    cr.execute(
        """UPDATE ir_exports_line l SET name = %s
                    FROM ir_exports e
                   WHERE e.id = l.export_id AND e.resource = %s
                     AND l.name = %s""",
        (new, model, old),
    )


def rename_xmlids(cr, module, renamed):
    """Records of ``module`` keep their row under a new xml id: ``renamed``
    is ((old name, new name), ...). Run as a pre-migration step: a view
    whose id changed is then updated in place, not created beside the old
    one (which Odoo would validate against fields renamed meanwhile, and
    delete only at the end). Idempotent."""
    for old, new in renamed:
        cr.execute(
            """UPDATE ir_model_data SET name = %(new)s
                       WHERE module = %(module)s AND name = %(old)s
                         AND NOT EXISTS (SELECT 1 FROM ir_model_data n
                                          WHERE n.module = %(module)s
                                            AND n.name = %(new)s)""",
            dict(module=module, old=old, new=new),
        )
