# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

KINDS = [
    ('award', 'Award'),
    ('reversal', 'Reversal'),
    ('redemption', 'Redemption'),
]


class CiPointEntry(models.Model):
    """One line of the points ledger: append-only.

    Entries are only ever inserted: awards by the point rules, reversals
    (corrections, with a reason) and redemptions (negative). Nobody updates
    or deletes one; the database enforces it with a trigger. The same rule
    awards a person (or, for team-only entries, a team) once per source
    record: partial unique indexes, see ``init``.
    """
    _name = 'ci.point.entry'
    _description = 'Point Entry'
    _order = 'date desc, id desc'

    user_id = fields.Many2one('res.users', string='Person', readonly=True, ondelete='restrict')
    team_id = fields.Many2one('ci.team', readonly=True, ondelete='restrict')
    points = fields.Integer(readonly=True, required=True)
    kind = fields.Selection(KINDS, required=True, readonly=True, default='award')
    rule_id = fields.Many2one('ci.point.rule', readonly=True, ondelete='restrict',
                              index=True)
    res_model = fields.Char(string='Source Model', readonly=True)
    res_id = fields.Integer(string='Source ID', readonly=True)
    date = fields.Date(required=True, readonly=True,
                       help="When the event happened: the month, quarter and year the points count for.")
    reversed_entry_id = fields.Many2one('ci.point.entry', string='Reverses', readonly=True,
                                        ondelete='restrict', index=True)
    reason = fields.Text(readonly=True)
    description = fields.Char(readonly=True)
    company_id = fields.Many2one('res.company', required=True, readonly=True, ondelete='restrict')

    _sql_constraints = [
        ('recipient_set', 'CHECK(user_id IS NOT NULL OR team_id IS NOT NULL)',
         "A point entry goes to a person or a team."),
        ('award_source_set',
         "CHECK(kind != 'award' OR (rule_id IS NOT NULL AND res_model IS NOT NULL AND res_id IS NOT NULL "
         "AND points > 0))",
         "An award comes from a rule and a source record, and is positive."),
        ('reversal_complete',
         "CHECK(kind != 'reversal' OR (reversed_entry_id IS NOT NULL AND reason IS NOT NULL))",
         "A reversal names the entry it reverses and a reason."),
        ('redemption_negative', "CHECK(kind != 'redemption' OR points < 0)",
         "A redemption takes points: it is negative."),
    ]

    @api.model_cr
    def init(self):
        cr = self.env.cr
        # one award per rule, person (or team alone) and source record; the
        # awarders insert with ON CONFLICT DO NOTHING against these
        cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ci_point_entry_award_user_uniq
                ON ci_point_entry (rule_id, user_id, res_model, res_id)
             WHERE kind = 'award' AND user_id IS NOT NULL""")
        cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ci_point_entry_award_team_uniq
                ON ci_point_entry (rule_id, team_id, res_model, res_id)
             WHERE kind = 'award' AND user_id IS NULL""")
        # an entry is reversed once
        cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ci_point_entry_reversal_uniq
                ON ci_point_entry (reversed_entry_id) WHERE kind = 'reversal'""")
        # what the leaderboards, balances and caps aggregate by
        cr.execute("CREATE INDEX IF NOT EXISTS ci_point_entry_company_date_idx "
                   "ON ci_point_entry (company_id, date)")
        cr.execute("CREATE INDEX IF NOT EXISTS ci_point_entry_user_date_idx ON ci_point_entry (user_id, date)")
        cr.execute("CREATE INDEX IF NOT EXISTS ci_point_entry_team_date_idx ON ci_point_entry (team_id, date)")
        # Append-only below the ORM too. Only the ledger's facts are frozen:
        # an upgrade may still fill a column added later.
        cr.execute("""
            CREATE OR REPLACE FUNCTION ci_point_entry_refuse_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'ci_point_entry is append-only: % refused on entry %', TG_OP, OLD.id
                    USING ERRCODE = 'insufficient_privilege',
                          HINT = 'Correct an entry with a reversal entry.';
            END $$""")
        cr.execute("DROP TRIGGER IF EXISTS ci_point_entry_append_only ON ci_point_entry")
        cr.execute("CREATE TRIGGER ci_point_entry_append_only "
                   "BEFORE UPDATE OF user_id, team_id, points, kind, rule_id, res_model, res_id, date, "
                   "reversed_entry_id, reason, description, company_id OR DELETE ON ci_point_entry "
                   "FOR EACH ROW EXECUTE PROCEDURE ci_point_entry_refuse_change()")
