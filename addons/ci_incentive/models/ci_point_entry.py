# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError

from ..lib import points as points_lib

KINDS = [
    ('award', 'Award'),
    ('reversal', 'Reversal'),
    ('redemption', 'Redemption'),
]
INSERT_COLUMNS = (
    'user_id',
    'team_id',
    'points',
    'kind',
    'rule_id',
    'res_model',
    'res_id',
    'date',
    'reversed_entry_id',
    'reason',
    'description',
    'company_id',
)


class CiPointEntry(models.Model):
    """One line of the points ledger: append-only.

    Entries are only ever inserted, by ``_insert``: awards by the point rules
    (``ci.point.rule._award``), reversals (``_reverse``: corrections, with a
    reason) and redemptions (negative, by ``ci.reward.redemption``). Nobody
    creates one through the ORM or RPC, and nobody updates or deletes one:
    the roles' access is read-only, ``ci.protected.mixin`` refuses creating
    one and every field (all are the ledger's facts) and freezes every
    entry, superuser included, and a database trigger refuses below the
    ORM. The same rule awards
    a person (or, for team-only entries, a team) once per source record: the
    partial unique indexes of ``init``, inserted against with
    ``ON CONFLICT DO NOTHING``.

    A person's balance (``_balance``) is the sum of their entries in the
    company; it never goes below zero: whatever takes points locks the
    person's account first (``_lock``).
    """

    _name = 'ci.point.entry'
    _description = 'Point Entry'
    _inherit = ['ci.protected.mixin']
    _order = 'date desc, id desc'
    _rec_name = 'description'
    # inserted by _insert only (raw SQL: ON CONFLICT DO NOTHING)
    _ci_workflow_create = True

    user_id = fields.Many2one(
        'res.users', string='Person', readonly=True, ondelete='restrict'
    )
    team_id = fields.Many2one('ci.team', readonly=True, ondelete='restrict')
    points = fields.Integer(readonly=True, required=True)
    kind = fields.Selection(
        KINDS, required=True, readonly=True, default='award'
    )
    rule_id = fields.Many2one(
        'ci.point.rule', readonly=True, ondelete='restrict', index=True
    )
    res_model = fields.Char(string='Source Model', readonly=True)
    res_id = fields.Integer(string='Source ID', readonly=True)
    date = fields.Date(
        required=True,
        readonly=True,
        help="When the event happened: the month, quarter and year the points "
        "count for.",
    )
    reversed_entry_id = fields.Many2one(
        'ci.point.entry',
        string='Reverses',
        readonly=True,
        ondelete='restrict',
        index=True,
    )
    reason = fields.Text(readonly=True)
    description = fields.Char(readonly=True)
    company_id = fields.Many2one(
        'res.company', required=True, readonly=True, ondelete='restrict'
    )
    source_name = fields.Char(string='Source', compute='_compute_source_name')
    is_reversed = fields.Boolean(compute='_compute_is_reversed')

    _sql_constraints = [
        (
            'recipient_set',
            'CHECK(user_id IS NOT NULL OR team_id IS NOT NULL)',
            "A point entry goes to a person or a team.",
        ),
        (
            'award_source_set',
            "CHECK(kind != 'award' OR (rule_id IS NOT NULL AND res_model IS "
            "NOT NULL AND res_id IS NOT NULL "
            "AND points > 0))",
            "An award comes from a rule and a source record, and is positive.",
        ),
        (
            'reversal_complete',
            "CHECK(kind != 'reversal' OR (reversed_entry_id IS NOT NULL AND "
            "reason IS NOT NULL))",
            "A reversal names the entry it reverses and a reason.",
        ),
        (
            'redemption_negative',
            "CHECK(kind != 'redemption' OR points < 0)",
            "A redemption takes points: it is negative.",
        ),
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
        # an entry is reversed once, a redemption taken once
        cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS ci_point_entry_reversal_uniq
                ON ci_point_entry (reversed_entry_id) WHERE kind = 'reversal'"""
        )
        cr.execute(
            """
            CREATE UNIQUE INDEX IF NOT EXISTS ci_point_entry_redemption_uniq
                ON ci_point_entry (res_model, res_id) WHERE kind = 'redemption'"""
        )
        # what the leaderboards, balances and caps aggregate by
        cr.execute(
            "CREATE INDEX IF NOT EXISTS ci_point_entry_company_date_idx "
            "ON ci_point_entry (company_id, date)"
        )
        cr.execute(
            "CREATE INDEX IF NOT EXISTS ci_point_entry_user_date_idx ON "
            "ci_point_entry (user_id, date)"
        )
        cr.execute(
            "CREATE INDEX IF NOT EXISTS ci_point_entry_team_date_idx ON "
            "ci_point_entry (team_id, date)"
        )
        # Append-only below the ORM too. Only the ledger's facts are frozen:
        # an upgrade may still fill a column added later.
        cr.execute("""
            CREATE OR REPLACE FUNCTION ci_point_entry_refuse_change() RETURNS trigger
            LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION
                    'ci_point_entry is append-only: % refused on entry %',
                        TG_OP, OLD.id
                    USING ERRCODE = 'insufficient_privilege',
                          HINT = 'Correct an entry with a reversal entry.';
            END $$""")
        cr.execute(
            "DROP TRIGGER IF EXISTS ci_point_entry_append_only ON ci_point_entry"
        )
        cr.execute(
            "CREATE TRIGGER ci_point_entry_append_only "
            "BEFORE UPDATE OF user_id, team_id, points, kind, rule_id, "
            "res_model, res_id, date, "
            "reversed_entry_id, reason, description, company_id OR DELETE ON "
            "ci_point_entry "
            "FOR EACH ROW EXECUTE PROCEDURE ci_point_entry_refuse_change()"
        )
        # One row per account (a person or a team) that is bumped by whatever
        # reads a sum it must not exceed: see _lock.
        cr.execute("""
            CREATE TABLE IF NOT EXISTS ci_point_lock (
                key varchar PRIMARY KEY,
                bumps bigint NOT NULL DEFAULT 0)""")

    def _compute_source_name(self):
        for entry in self:
            source = entry._source()
            # sudo: the name of what earned the points, even when its record
            # (another's draft, a pilot of another team) is not readable
            entry.source_name = source.sudo().display_name if source else False

    def _compute_is_reversed(self):
        reversed_ids = (
            set(
                self.search([('reversed_entry_id', 'in', self.ids)])
                .mapped('reversed_entry_id')
                .ids
            )
            if self.ids
            else set()
        )
        for entry in self:
            entry.is_reversed = entry.id in reversed_ids

    # ------------------------------------------------------------------
    # CRUD: append-only
    # ------------------------------------------------------------------
    def _protected_fields(self):
        res = super(CiPointEntry, self)._protected_fields()
        # the ledger's facts: inserted by _insert (rules, reversals, redemptions) only
        res.update(dict.fromkeys(self._stored_fields(), None))
        return res

    def _frozen(self):
        """Every entry: the ledger is append-only, a reversal corrects an entry."""
        return self

    def _frozen_hint(self):
        return _("Correct an entry with a reversal.")

    # ------------------------------------------------------------------
    # actions
    # ------------------------------------------------------------------
    def action_open_reverse_wizard(self):
        Access = self.env['ci.access']
        Access._check_group(
            'ci_process.group_ci_manager',
            'ci.point.entry.action_open_reverse_wizard',
        )
        Access._check_records(
            self, 'read', 'ci.point.entry.action_open_reverse_wizard'
        )
        return {
            'type': 'ir.actions.act_window',
            'name': _('Reverse Point Entries'),
            'res_model': 'ci.point.entry.reverse',
            'view_mode': 'form',
            'target': 'new',
            'context': {'default_entry_ids': [(6, 0, self.ids)]},
        }

    def action_view_source(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.point.entry.action_view_source'
        )
        source = self._source()
        if not source:
            raise UserError(_("The source of this entry no longer exists."))
        return source.get_formview_action()

    # ------------------------------------------------------------------
    # business
    # ------------------------------------------------------------------
    def _source(self):
        self.ensure_one()
        if (
            not self.res_model
            or self.res_model not in self.env
            or not self.res_id
        ):
            return None
        return self.env[self.res_model].browse(self.res_id).exists()

    @api.model
    def _insert(self, rows):
        """Insert ledger rows (dicts of INSERT_COLUMNS); a row that would be
        a second award of a rule to the same recipient for the same source
        is skipped. Returns the inserted entries.

        Raw SQL on purpose: ON CONFLICT DO NOTHING is what makes concurrent
        awarders of one event write one entry. Under Odoo's REPEATABLE READ,
        an awarder that loses the race gets a serialization failure, and
        Odoo retries its whole request, which then finds the entry."""
        ids = []
        for row in rows:
            self.env.cr.execute(
                """
                INSERT INTO ci_point_entry (user_id, team_id, points, kind,
                    rule_id, res_model, res_id, date,
                                            reversed_entry_id, reason,
                                                description, company_id,
                                            create_uid, create_date, write_uid,
                                                write_date)
                VALUES (%(user_id)s, %(team_id)s, %(points)s, %(kind)s,
                    %(rule_id)s, %(res_model)s, %(res_id)s,
                        %(date)s, %(reversed_entry_id)s, %(reason)s,
                            %(description)s, %(company_id)s,
                        %(uid)s, now() at time zone 'UTC', %(uid)s, now() at
                            time zone 'UTC')
                ON CONFLICT DO NOTHING
                RETURNING id""",
                dict(
                    {col: row.get(col) or None for col in INSERT_COLUMNS},
                    points=row['points'],
                    uid=self.env.uid,
                ),
            )
            ids.extend(r[0] for r in self.env.cr.fetchall())
        return self.browse(ids)

    @api.model
    def _lock(self, users=None, teams=None):
        """Serialize whatever reads then adds to these accounts' sums.

        Each account has a row in ci_point_lock that this bumps. A second
        transaction bumping the same row waits for the first and, since Odoo
        runs at REPEATABLE READ, then fails with a serialization error; Odoo
        retries it with a new snapshot that sees the first one's entries. So
        a balance or cap read after _lock is the one that stays true until
        commit. Keys are taken in order: two lockers never wait on each other.
        """
        keys = sorted(
            ['user:%d' % u.id for u in (users or [])]
            + ['team:%d' % t.id for t in (teams or [])]
        )
        for key in keys:
            self.env.cr.execute(
                "INSERT INTO ci_point_lock (key, bumps) VALUES (%s, 1) "
                "ON CONFLICT (key) DO UPDATE SET bumps = ci_point_lock.bumps + 1",
                (key,),
            )

    @api.model
    def _balance(self, user, company):
        """Points a person has in a company: awards less reversals and redemptions."""
        self.env.cr.execute(
            "SELECT COALESCE(SUM(points), 0) FROM ci_point_entry "
            "WHERE user_id = %s AND company_id = %s",
            (user.id, company.id),
        )
        return self.env.cr.fetchone()[0]

    @api.model
    def _rule_total(self, rule, date_from, date_to, user=None, team=None):
        """Net points of ``rule`` for a person (or a team alone) with a date
        in [date_from, date_to): reversals give back room under a cap."""
        if user:
            self.env.cr.execute(
                "SELECT COALESCE(SUM(points), 0) FROM ci_point_entry WHERE "
                "rule_id = %s AND user_id = %s "
                "AND date >= %s AND date < %s",
                (rule.id, user.id, date_from, date_to),
            )
        else:
            self.env.cr.execute(
                "SELECT COALESCE(SUM(points), 0) FROM ci_point_entry WHERE "
                "rule_id = %s AND user_id IS NULL "
                "AND team_id = %s AND date >= %s AND date < %s",
                (rule.id, team.id, date_from, date_to),
            )
        return self.env.cr.fetchone()[0]

    def _check_balances(self, deltas):
        """Lock the people concerned, then refuse if any balance would go below
        zero. ``deltas``: {(user, company): points added (negative: taken)}."""
        self._lock(users=[user for user, _company in deltas])
        for (user, company), delta in sorted(
            deltas.items(), key=lambda kv: (kv[0][0].id, kv[0][1].id)
        ):
            balance = self._balance(user, company)
            try:
                points_lib.balance_after(balance, delta)
            except ValueError:
                raise UserError(
                    _(
                        "%(person)s has a balance of %(balance)d points: "
                        "%(points)d points cannot be "
                        "taken from it (the balance cannot go below zero)."
                    )
                    % {
                        'person': user.name,
                        'balance': balance,
                        'points': -delta,
                    }
                )

    def _reverse(self, reason):
        """Correct these entries with one reversal each, dated like the entry
        they correct (it counts in the same period). Managers only."""
        if not self.env.user.has_group('ci_process.group_ci_manager'):
            raise AccessError(_("Only a CI Manager reverses point entries."))
        reason = (reason or '').strip()
        if not reason:
            raise UserError(_("Reason: say why the entries are reversed."))
        for entry in self:
            if entry.kind != 'award':
                raise UserError(
                    _(
                        "Entry %(entry)s is a %(kind)s: only awards are reversed."
                    )
                    % {
                        'entry': entry.display_name,
                        'kind': dict(
                            self._fields['kind']._description_selection(
                                self.env
                            )
                        )[entry.kind],
                    }
                )
            if entry.is_reversed:
                raise UserError(
                    _("Entry %(entry)s is already reversed.")
                    % {'entry': entry.display_name}
                )
        deltas = {}
        for entry in self.filtered('user_id'):
            key = (entry.user_id, entry.company_id)
            deltas[key] = deltas.get(key, 0) - entry.points
        self._check_balances(deltas)
        rows = [
            {
                'user_id': entry.user_id.id,
                'team_id': entry.team_id.id,
                'points': -entry.points,
                'kind': 'reversal',
                'rule_id': entry.rule_id.id,
                'res_model': entry.res_model,
                'res_id': entry.res_id,
                'date': entry.date,
                'reversed_entry_id': entry.id,
                'reason': reason,
                'description': _('Reversal of: %s')
                % (entry.description or entry.display_name),
                'company_id': entry.company_id.id,
            }
            for entry in self
        ]
        reversals = self._insert(rows)
        if len(reversals) != len(self):
            # another manager reversed one meanwhile: all or nothing
            raise UserError(
                _(
                    "Some of these entries were reversed meanwhile; nothing "
                    "was reversed."
                )
            )
        return reversals
