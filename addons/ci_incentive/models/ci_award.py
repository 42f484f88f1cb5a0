# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.exceptions import UserError

from ..lib import points, ranking

KINDS = [
    ('top_points', 'Improver of the month'),
    ('top_team', 'Team of the month'),
    ('best_impact', 'Best verified impact'),
]
BADGES = {
    'top_points': 'ci_incentive.badge_improver_of_the_month',
    'top_team': 'ci_incentive.badge_team_of_the_month',
    'best_impact': 'ci_incentive.badge_best_impact',
}


class CiAward(models.Model):
    """A monthly award: a winner (person or team) of a month, with its badge.

    ``_grant_awards(month, company)`` finds the winners of a whole past
    month: the people ranked first on the month's leaderboard
    (``top_points``), the teams ranked first (``top_team``) and the people
    credited for the verified impact with the largest actual benefit
    (``best_impact``). For each it creates one award (a unique index per
    kind, month, company and winner makes a re-run create none), grants the
    kind's badge (to every member for a team), awards the points of the
    active 'award' rules through the ledger (the award is the source record:
    once per rule and recipient) and announces it in the chatter of the
    improvement concerned. Re-running it for the same month changes nothing.

    Every field is the job's finding (``ci.protected.mixin``): who won what,
    for which month, with which badge and points; nobody else creates an
    award, and every award is frozen once made (it is what the badges and
    the ledger's points refer to).
    """

    _name = 'ci.award'
    _description = 'Monthly Award'
    _inherit = ['ci.protected.mixin']
    _order = 'period_start desc, kind, id'
    # made by _insert only (raw SQL: ON CONFLICT DO NOTHING)
    _ci_workflow_create = True
    _rec_name = 'kind'

    kind = fields.Selection(KINDS, required=True, readonly=True)
    period_start = fields.Date(
        string='Month',
        required=True,
        readonly=True,
        help="First day of the month the award is for.",
    )
    company_id = fields.Many2one('res.company', required=True, readonly=True)
    user_id = fields.Many2one('res.users', string='Person', readonly=True)
    team_id = fields.Many2one('ci.team', readonly=True)
    board_id = fields.Many2one(
        'ci.board',
        readonly=True,
        index=True,
        help="The people who competed for the award: its winner is one of them. "
        "Empty: the whole company (it had no board).",
    )
    improvement_id = fields.Many2one(
        'ci.improvement',
        readonly=True,
        help="The improvement concerned: the verified impact, or the winner's "
        "best improvement "
        "of the month. The announcement is posted in its chatter.",
    )
    badge_id = fields.Many2one(
        'gamification.badge', required=True, readonly=True
    )
    points = fields.Integer(
        readonly=True, help="Points the award gave through the ledger."
    )

    @api.model_cr
    def init(self):
        # one award per kind, month, company, board and winner, whoever runs
        # the job and however often (NULLS NOT DISTINCT: user, team or board
        # is empty); the index before boards (11.0.1.1.0) had no board
        self.env.cr.execute("DROP INDEX IF EXISTS ci_award_winner_uniq")
        self.env.cr.execute("""
            CREATE UNIQUE INDEX IF NOT EXISTS ci_award_board_winner_uniq
                ON ci_award (kind, period_start, company_id, board_id, user_id,
                    team_id) NULLS NOT DISTINCT""")

    def _protected_fields(self):
        res = super(CiAward, self)._protected_fields()
        res.update(dict.fromkeys(self._stored_fields(), None))
        return res

    def _frozen(self):
        """Every award, once made (by ``_insert``, its points by
        ``_award_points``)."""
        return self

    def _compute_display_name(self):
        labels = dict(self._fields['kind']._description_selection(self.env))
        for award in self:
            award.display_name = '%s %s: %s' % (
                labels.get(award.kind),
                (award.period_start or '')[:7],
                (award.user_id or award.team_id).display_name,
            )

    @api.model
    def _badges_by_period(self, rows, holder):
        """{(period type, start, company id, holder id): badges} of the
        awards given in the periods of leaderboard ``rows``: a person's own
        awards and those of the teams they won with, a team's awards."""
        if not rows:
            return {}
        bounds = {
            (r.period_type, r.period_start): points.period_bounds(
                fields.Date.from_string(r.period_start), r.period_type
            )
            for r in rows
        }
        first = min(b[0] for b in bounds.values())
        last = max(b[1] for b in bounds.values())
        domain = [
            ('ci_award_id.period_start', '>=', fields.Date.to_string(first)),
            ('ci_award_id.period_start', '<', fields.Date.to_string(last)),
            ('ci_award_id.company_id', 'in', rows.mapped('company_id').ids),
        ]
        if holder == 'user_id':
            domain.append(('user_id', 'in', rows.mapped('user_id').ids))
        else:
            domain.append(
                ('ci_award_id.team_id', 'in', rows.mapped('team_id').ids)
            )
        grants = self.env['gamification.badge.user'].search(domain)
        result = {}
        for row in rows:
            start, stop = bounds[(row.period_type, row.period_start)]
            key = (
                row.period_type,
                row.period_start,
                row.company_id.id,
                row[holder].id,
            )
            for grant in grants:
                award = grant.ci_award_id
                day = fields.Date.from_string(award.period_start)
                if (
                    start <= day < stop
                    and award.company_id == row.company_id
                    and (
                        grant.user_id if holder == 'user_id' else award.team_id
                    )
                    == row[holder]
                ):
                    result[key] = (
                        result.get(key, self.env['gamification.badge'])
                        | grant.badge_id
                    )
        return result

    @api.model
    def _cron_grant_monthly_awards(self):
        """The previous month's awards, for every company."""
        month = self._previous_month()
        stop = points.period_bounds(month, 'month')[1]
        # the companies with ledger entries that month: no entry, no winner
        groups = self.env['ci.point.entry'].read_group(
            [
                ('date', '>=', fields.Date.to_string(month)),
                ('date', '<', fields.Date.to_string(stop)),
            ],
            ['company_id'],
            ['company_id'],
        )
        for company in self.env['res.company'].browse(
            [g['company_id'][0] for g in groups]
        ):
            self._grant_awards(month, company)

    @api.model
    def _previous_month(self):
        """The first day of last month: the month the job grants awards for."""
        first = points.period_start(
            fields.Date.from_string(fields.Date.context_today(self)), 'month'
        )
        return points.period_start(first - datetime.timedelta(days=1), 'month')

    @api.model
    def _grant_awards(self, month, company):
        """Grants the awards of ``month`` (a date in it) in ``company``;
        returns the awards of that month, new and existing."""
        start, stop = points.period_bounds(month, 'month')
        today = fields.Date.from_string(fields.Date.context_today(self))
        if stop > today:
            raise UserError(
                _(
                    "Month: %(month)s is not over yet; awards are granted for "
                    "whole past "
                    "months."
                )
                % {'month': points.period_label(start, 'month')}
            )
        # each board of the company competes on its own; a company without
        # boards, all its people together
        boards = self.env['ci.board'].search([('company_id', '=', company.id)])
        new = self.browse()
        for board in boards or [boards]:
            for vals in self._winners(start, company, board):
                new |= self._insert(
                    dict(
                        vals,
                        period_start=fields.Date.to_string(start),
                        company_id=company.id,
                        board_id=board.id or None,
                    )
                )
        awards = self.search(
            [
                ('period_start', '=', fields.Date.to_string(start)),
                ('company_id', '=', company.id),
            ]
        )
        awards._grant_badges()
        awards._award_points(stop)
        new._announce()
        return awards

    def _winners(self, start, company, board):
        """[{kind, user_id, team_id, improvement_id}] of the month starting
        at ``start``, among the people of ``board`` (empty: the company's
        people, the company having no board)."""
        day = fields.Date.to_string(start)
        domain = [
            ('period_type', '=', 'month'),
            ('period_start', '=', day),
            ('company_id', '=', company.id),
        ]
        kinds = board._award_kinds()
        members = board._member_ids() if board else None
        result = []
        if 'top_points' in kinds:
            # the board's people only: its own rank
            rows = self.env['ci.leaderboard.user'].search(
                domain
                + [
                    ('board_id', '=', board.id or False),
                    ('board_rank', '=', 1),
                ]
            )
            result += self._top(rows, 'user_id', 'top_points')
        if 'top_team' in kinds:
            # the teams with people on the board (a month's team rows: one per team)
            rows = self.env['ci.leaderboard.team'].search(domain)
            if members is not None:
                rows = rows.filtered(
                    lambda r: set(r.team_id.member_ids.ids) & members
                )
            result += self._top(rows, 'team_id', 'top_team')
        if 'best_impact' in kinds:
            improvement, people = self._best_impact(start, company, members)
            for user_id in people:
                result.append(
                    {
                        'kind': 'best_impact',
                        'user_id': user_id,
                        'improvement_id': improvement.id,
                    }
                )
        return result

    def _top(self, rows, holder, kind):
        """The winners' values among leaderboard ``rows``: the most points, if any."""
        won = set(
            ranking.winners({row[holder].id: row.points for row in rows})
        )
        return [
            {
                'kind': kind,
                holder: row[holder].id,
                'improvement_id': row.best_improvement_id.id or None,
            }
            for row in rows.filtered(lambda r: r[holder].id in won)
        ]

    def _best_impact(self, start, company, members=None):
        """(improvement, [user ids]): of the improvements whose impact was
        verified in the month (an 'impact_verified' ledger entry), the one
        with the largest actual yearly benefit (ties: the most impact
        points, then the latest), and the people the ledger credited for it;
        its submitter when only a team was. With ``members`` (user ids of a
        board): of the improvements with one of them among those people or
        as their submitter, and those of them only (the floor's part in an
        impact an engineer was credited for is its submitter's idea)."""
        stop = points.period_bounds(start, 'month')[1]
        # impact is verified by a pilot (the source of its points): the
        # improvement is the pilot's
        self.env.cr.execute(
            """
            SELECT COALESCE(p.improvement_id, e.res_id), sum(e.points),
                   array_agg(DISTINCT e.user_id) FILTER (WHERE e.user_id IS NOT NULL)
              FROM ci_point_entry e
              JOIN ci_point_rule r ON r.id = e.rule_id
              LEFT JOIN ci_pilot p ON e.res_model = 'ci.pilot' AND p.id = e.res_id
             WHERE r.event = 'impact_verified' AND e.kind = 'award'
               AND e.res_model IN ('ci.improvement', 'ci.pilot')
               AND e.company_id = %s AND e.date >= %s AND e.date < %s
             GROUP BY 1
        """,
            (company.id, start, stop),
        )
        rows = self.env.cr.fetchall()
        improvements = self.env['ci.improvement'].browse([r[0] for r in rows])
        credited = {
            imp.id: row[2] or imp.submitter_id.ids
            for row, imp in zip(rows, improvements)
        }
        if members is not None:
            submitter = {imp.id: imp.submitter_id.ids for imp in improvements}
            credited = {
                key: [uid for uid in people if uid in members]
                or [uid for uid in submitter[key] if uid in members]
                for key, people in credited.items()
            }
            rows = [r for r in rows if credited[r[0]]]
        if not rows:
            return self.env['ci.improvement'], []
        benefit = {imp.id: imp.benefit_actual for imp in improvements}
        res_id = max(rows, key=lambda r: (benefit[r[0]], r[1], r[0]))[0]
        return self.env['ci.improvement'].browse(res_id), sorted(
            credited[res_id]
        )

    def _insert(self, vals):
        """The new award, or nothing when it exists already (a re-run, or
        another run at the same time)."""
        vals = dict(vals, badge_id=self.env.ref(BADGES[vals['kind']]).id)
        vals.setdefault('user_id', None)
        vals.setdefault('team_id', None)
        vals.setdefault('board_id', None)
        self.env.cr.execute(
            """
            INSERT INTO ci_award (kind, period_start, company_id, board_id,
                user_id, team_id, improvement_id,
                                  badge_id, points, create_uid, write_uid,
                                      create_date, write_date)
            VALUES (%(kind)s, %(period_start)s, %(company_id)s, %(board_id)s,
                %(user_id)s, %(team_id)s,
                    %(improvement_id)s, %(badge_id)s, 0, %(uid)s, %(uid)s,
                    now() AT TIME ZONE 'UTC', now() AT TIME ZONE 'UTC')
            ON CONFLICT DO NOTHING
            RETURNING id""",
            dict(vals, uid=self.env.uid),
        )
        return self.browse([r[0] for r in self.env.cr.fetchall()])

    def _recipients(self):
        """The people the badge goes to: the winner, or the team's members
        (those on the award's board, when it has one)."""
        self.ensure_one()
        if self.user_id:
            return self.user_id
        members = self.team_id.member_ids
        if self.board_id:
            on_board = self.board_id._member_ids()
            members = members.filtered(lambda user: user.id in on_board)
        return members

    def _grant_badges(self):
        # the programme's badges are granted by nobody but this job (rule_auth
        # 'nobody', and gamification.badge.user's protection): the superuser,
        # with the workflow's grant
        BadgeUser = self.env['gamification.badge.user'].sudo()._workflow()
        granted = {
            (b.ci_award_id.id, b.user_id.id)
            for b in BadgeUser.search([('ci_award_id', 'in', self.ids)])
        }
        for award in self:
            for user in award._recipients():
                if (award.id, user.id) in granted:
                    continue
                BadgeUser.create(
                    {
                        'user_id': user.id,
                        'badge_id': award.badge_id.id,
                        'ci_award_id': award.id,
                        'comment': award.display_name,
                    }
                )._send_badge()

    def _award_points(self, date):
        """Points of the company's active 'award' rules for these awards,
        through the rules' own granting (``ci.point.rule._grant``: caps, the
        team earned for, the ledger's unique key), dated ``date``: the day
        after the month, so an award counts in the month it is given and
        never changes the ranking it came from. The award is the source
        record: a re-run inserts nothing."""
        Rule = self.env['ci.point.rule']
        date = fields.Date.to_string(date)
        for award in self:
            rules = Rule.search(
                [
                    ('event', '=', 'award'),
                    ('company_id', '=', award.company_id.id),
                ]
            )
            for rule in rules:
                award._grant_rule(rule, date)
            self.env.cr.execute(
                """
                UPDATE ci_award a SET points = coalesce((
                       SELECT sum(points) FROM ci_point_entry
                        WHERE res_model = 'ci.award' AND res_id = a.id AND kind
                            != 'redemption'), 0)
                 WHERE a.id = %s""",
                (award.id,),
            )
        self.invalidate_cache(['points'])

    def _grant_rule(self, rule, date):
        """What an 'award' rule pays for this award. A person's award:
        'submitter', 'owner' and 'members' mean the winner. A team's award:
        'team' means the team alone, 'members' each member (earned for the
        team: its work center is given); 'reviewer' means nobody."""
        self.ensure_one()
        if self.team_id:
            if rule.recipient == 'team':
                return rule._grant(self, team=self.team_id, date=date)
            if rule.recipient == 'members':
                return rule._grant(
                    self,
                    users=self._recipients(),
                    date=date,
                    workcenter=self.team_id.workcenter_ids[:1],
                )
        elif rule.recipient in ('submitter', 'owner', 'members'):
            return rule._grant(
                self,
                users=self.user_id,
                date=date,
                workcenter=self.improvement_id.workcenter_id,
            )
        return self.env['ci.point.entry']

    def _announce(self):
        for award in self.filtered('improvement_id'):
            self.env['ci.message']._post(
                award.improvement_id,
                'award.announce',
                {
                    'award': {'sel': ['ci.award', 'kind', award.kind]},
                    'month': points.period_label(
                        fields.Date.from_string(award.period_start), 'month'
                    ),
                    'winner': (award.user_id or award.team_id).display_name,
                },
                subtype='mail.mt_comment',
                message_type='comment',
            )
