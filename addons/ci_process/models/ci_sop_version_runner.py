# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .statement_triggers import statement_trigger

# The time logs of ``{rows}`` counted per (version, user): a log counts for the
# version of its work order when it runs on a work center of the version's
# company. ``ci_sop_version_id`` on a time log is its work order's, kept by
# the trigger ci_sop_version_runner_stamp (no ORM field: nobody writes it).
_COUNTS = """
    SELECT p.ci_sop_version_id AS version_id, p.user_id, {sign} count(*) AS n
      FROM {rows} p
      JOIN mrp_workcenter wc ON wc.id = p.workcenter_id
      JOIN ci_sop_version v ON v.id = p.ci_sop_version_id
     WHERE p.user_id IS NOT NULL AND wc.company_id = v.company_id
     GROUP BY 1, 2"""
_APPLY = """
    INSERT INTO ci_sop_version_runner AS r (version_id, user_id, log_count)
    SELECT version_id, user_id, sum(n) FROM ({deltas}) d GROUP BY 1, 2 HAVING
        sum(n) <> 0
    ON CONFLICT (version_id, user_id) DO UPDATE SET log_count = r.log_count +
        EXCLUDED.log_count"""


def _statements():
    """The columns, functions and triggers that keep the runners, from this
    module's constants."""
    yield (
        "ALTER TABLE mrp_workcenter_productivity ADD COLUMN IF NOT EXISTS "
        "ci_sop_version_id integer"
    )
    # a time log carries its work order's version, whatever is written to it
    yield """
        CREATE OR REPLACE FUNCTION ci_sop_version_runner_stamp() RETURNS
            trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            NEW.ci_sop_version_id := (SELECT wo.ci_sop_version_id FROM
                mrp_workorder wo
                                       WHERE wo.id = NEW.workorder_id);
            RETURN NEW;
        END $fn$"""
    yield (
        "DROP TRIGGER IF EXISTS ci_sop_version_runner_stamp ON "
        "mrp_workcenter_productivity"
    )
    yield """
        CREATE TRIGGER ci_sop_version_runner_stamp BEFORE INSERT OR UPDATE ON
            mrp_workcenter_productivity
        FOR EACH ROW EXECUTE FUNCTION ci_sop_version_runner_stamp()"""
    counts = {
        'INSERT': _COUNTS.format(sign='', rows='new_rows'),
        'DELETE': _COUNTS.format(sign='-', rows='old_rows'),
        'UPDATE': _COUNTS.format(sign='', rows='new_rows')
        + " UNION ALL "
        + _COUNTS.format(sign='-', rows='old_rows'),
    }
    for event, deltas in counts.items():
        yield """
            CREATE OR REPLACE FUNCTION
                ci_sop_version_runner_on_timelog_{event}() RETURNS trigger
            LANGUAGE plpgsql AS $fn$
            BEGIN
                {apply};
                RETURN NULL;
            END $fn$""".format(
            event=event.lower(), apply=_APPLY.format(deltas=deltas)
        )
        yield from statement_trigger(
            'ci_sop_version_runner_timelog_%s' % event.lower(),
            'mrp_workcenter_productivity',
            event,
            'ci_sop_version_runner_on_timelog_%s' % event.lower(),
        )
    # a work order stamped (or re-stamped): its logs follow, and count again
    yield """
        CREATE OR REPLACE FUNCTION ci_sop_version_runner_on_workorder() RETURNS
            trigger LANGUAGE plpgsql AS $fn$
        BEGIN
            UPDATE mrp_workcenter_productivity p SET ci_sop_version_id =
                n.ci_sop_version_id
              FROM new_rows n JOIN old_rows o ON o.id = n.id
             WHERE p.workorder_id = n.id AND n.ci_sop_version_id IS DISTINCT
                 FROM o.ci_sop_version_id;
            RETURN NULL;
        END $fn$"""
    yield from statement_trigger(
        'ci_sop_version_runner_workorder_update',
        'mrp_workorder',
        'UPDATE',
        'ci_sop_version_runner_on_workorder',
    )


def _rebuild_statements():
    yield "DELETE FROM ci_sop_version_runner"
    yield """
        UPDATE mrp_workcenter_productivity p SET ci_sop_version_id =
            wo.ci_sop_version_id
          FROM mrp_workorder wo
         WHERE wo.id = p.workorder_id AND p.ci_sop_version_id IS DISTINCT FROM
             wo.ci_sop_version_id"""
    # the update above counted its logs already (the triggers): count afresh
    yield "DELETE FROM ci_sop_version_runner"
    yield _APPLY.format(
        deltas=_COUNTS.format(sign='', rows='mrp_workcenter_productivity')
    )


class CiSopVersionRunner(models.Model):
    """Who ran a work order under an SOP version: how many time logs each
    user has on the version's work orders (on its company's work centers).
    Part of whom the version asks to acknowledge it (ci.sop.version._audience).

    Kept by PostgreSQL triggers on the time logs and on the work orders'
    stamped version, in the transaction that writes them, whatever writes
    them: the audience of a version in force for years is read from a few
    rows, not from its work orders.
    """

    _name = 'ci.sop.version.runner'
    _description = 'SOP Version Runner'
    _log_access = False

    version_id = fields.Many2one(
        'ci.sop.version', required=True, readonly=True, ondelete='cascade'
    )
    user_id = fields.Many2one(
        'res.users', required=True, readonly=True, ondelete='cascade'
    )
    log_count = fields.Integer(string='Time logs', readonly=True)

    _sql_constraints = [
        (
            'version_user_uniq',
            'unique(version_id, user_id)',
            "A runner is recorded once per version.",
        ),
    ]

    @api.model_cr
    def init(self):
        # after every model of the module has its columns (the work orders' version)
        self.pool.post_init(self._install_triggers)

    @api.model
    def _install_triggers(self):
        cr = self.env.cr
        cr.execute(
            "SELECT 1 FROM information_schema.columns "
            "WHERE table_name = 'mrp_workcenter_productivity' AND column_name "
            "= 'ci_sop_version_id'"
        )
        installed = cr.fetchone()
        for statement in _statements():
            cr.execute(statement)
        if not installed:
            # installed on a plant with history (or upgraded to 11.0.1.4.0)
            self._rebuild_all()

    def _rebuild_all(self):
        for statement in _rebuild_statements():
            self.env.cr.execute(statement)
        self.invalidate_cache()

    # the triggers' alone
    @api.model
    def create(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "Who ran a standard is recorded from the time logs; it cannot "
                "be entered."
            )
        )

    def write(self, vals):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "Who ran a standard is recorded from the time logs; it cannot "
                "be changed."
            )
        )

    def unlink(self):  # pylint: disable=method-required-super
        raise UserError(
            _(
                "Who ran a standard is recorded from the time logs; it cannot "
                "be deleted."
            )
        )
