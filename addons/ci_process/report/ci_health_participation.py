# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools


class CiHealthParticipation(models.Model):
    """Program health: who proposes (SQL view).

    One row per month of submission (UTC) x company x submitter:
    ``proposal_count`` = improvements they submitted that month (drafts never
    submitted excluded). Participation rate = distinct submitters who are
    employees / employees, employees being the company's active internal
    users (share = False); proposals per employee per month = proposals /
    employees / months of the period.
    """

    _name = 'ci.health.participation'
    _description = 'Program Health: Participation'
    _auto = False
    _rec_name = 'user_id'
    _order = 'month desc, proposal_count desc'

    month = fields.Date(
        readonly=True, help="First day of the month of submission (UTC)."
    )
    company_id = fields.Many2one('res.company', readonly=True)
    user_id = fields.Many2one(
        'res.users', string='Submitted by', readonly=True
    )
    proposal_count = fields.Integer(string='Proposals', readonly=True)

    @api.model_cr
    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute("""
            CREATE VIEW {table} AS (
            SELECT min(i.id) AS id,
                   date_trunc('month', i.date_submitted)::date AS month,
                   i.company_id,
                   i.submitter_id AS user_id,
                   count(*) AS proposal_count
              FROM ci_improvement i
             WHERE i.date_submitted IS NOT NULL
             GROUP BY date_trunc('month', i.date_submitted)::date,
                 i.company_id, i.submitter_id
            )""".format(table=self._table))
