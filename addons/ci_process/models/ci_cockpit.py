# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models
from odoo.tools.misc import formatLang

from ..lib import cockpit as cockpit_lib
from ..lib import kpi as kpi_lib
from ..report.ci_health_improvement import AGE_BUCKETS
from .ci_improvement import OPEN_STATES

# goals, alerts, standards a tile lists (the worst or latest first)
TILE_ROWS = 5
# months of a goal's sparkline
SPARK_MONTHS = 6
# days back the alerts tile counts the fired evaluations
ALERT_DAYS = 30
# the improvements the review queue waits on
QUEUE_STATES = ('submitted', 'review')
GOOD_STATUSES = ('achieved', 'on_track')


class CiCockpit(models.AbstractModel):
    """The engineers' and managers' home (the client action
    ``ci_process.cockpit``): one call, ``cockpit_data``, returns every tile
    with its figure, a few rows, and the list it opens. The figures are
    program health's (``ci.health.improvement._program_figures`` and its
    review queue); program health's dashboard shows the same tiles over its
    own period. ci_spc adds its tile by extending ``_tiles`` with super()."""

    _name = 'ci.cockpit'
    _description = 'Continuous Improvement Cockpit'

    @api.model
    def cockpit_data(self):
        """Every tile of the user's company over the last 12 whole months and
        the month so far. CI Engineers and Managers only."""
        self.env['ci.access']._check_group(
            'ci_process.group_ci_engineer', 'ci.cockpit.cockpit_data'
        )
        if not self.env.context.get('lang'):
            # a call without the web client's context: the words in the user's
            # language
            # pylint: disable-next=self-cls-assignment
            self = self.with_context(lang=self.env.user.lang)
        company = self.env.user.company_id
        today = fields.Date.from_string(fields.Date.context_today(self))
        date_from, date_to = cockpit_lib.cockpit_period(today)
        return {
            'company': company.name,
            'period': self._period_label(
                date_from, date_to, month_to_date=True
            ),
            'tiles': self._tiles(company, date_from, date_to),
        }

    # ------------------------------------------------------------------
    # helpers
    # ------------------------------------------------------------------
    @api.model
    def _period_label(self, date_from, date_to, month_to_date):
        if month_to_date:
            return _(
                "%(start)s to today: the last 12 whole months and this month so far"
            ) % {'start': str(date_from)[:7]}
        return _("%(start)s to %(end)s, whole months") % {
            'start': str(date_from)[:7],
            'end': str(date_to)[:7],
        }

    @api.model
    def _action(self, model, name, domain, views=('list', 'form')):
        """A window action on ``model`` filtered by ``domain`` (what a tile opens)."""
        return {
            'type': 'ir.actions.act_window',
            'name': name,
            'res_model': model,
            'domain': domain,
            'views': [[False, view] for view in views],
            'view_mode': ','.join(
                'tree' if view == 'list' else view for view in views
            ),
            'target': 'current',
            'context': {},
        }

    @api.model
    def _money(self, amount, company):
        return formatLang(
            self.env, amount or 0.0, currency_obj=company.currency_id
        )

    @staticmethod
    def _pct(value):
        return '—' if value is None else '%.1f %%' % value

    @api.model
    def _tiles(self, company, date_from, date_to, total=None, monthly=None):
        """[tile]: each a dict with key, icon, title, value (text), count
        (the records of the list it opens), caption, note, rows [{label,
        value, status, spark}], bars [{label, value, height}], action.
        ``total``, ``monthly``: the period's program figures (see
        ci.health.improvement._program_figures) when the caller has them."""
        self.env['ci.access']._check_company(company, 'ci.cockpit._tiles')
        Health = self.env['ci.health.improvement']
        start, stop, _months = Health._period(date_from, date_to)
        if monthly is None or total is None:
            monthly, total = Health._program_figures(
                date_from, date_to, company, groupby='month', with_total=True
            )
        return [
            self._tile_goals(company),
            self._tile_alerts(company),
            self._tile_queue(company),
            self._tile_acknowledgements(company),
            self._tile_ideas(company, start, stop, date_to, monthly, total),
            self._tile_benefit(company, start, stop, total),
        ]

    # ------------------------------------------------------------------
    # the tiles
    # ------------------------------------------------------------------
    @api.model
    def _tile_goals(self, company):
        Goal = self.env['ci.goal']
        domain = [('company_id', '=', company.id)]
        count = Goal.search_count(domain)
        goals = Goal.search(domain, order='date_deadline, id', limit=TILE_ROWS)
        statuses = dict(
            Goal._fields['status']._description_selection(self.env)
        )
        today = fields.Date.from_string(fields.Date.context_today(self))
        spark_from = cockpit_lib.add_months(today, -(SPARK_MONTHS - 1))
        months = cockpit_lib.months_between(spark_from, today)
        rows, good = [], 0
        for goal in goals:
            by_month = dict(
                kpi_lib.series_of(
                    goal.kpi,
                    self.env['ci.kpi']._totals(
                        str(spark_from),
                        str(today),
                        period='month',
                        **goal._scope(),
                    ),
                )
            )
            values = [by_month.get(month) for month in months]
            good += goal.status in GOOD_STATUSES
            rows.append(
                {
                    'id': goal.id,
                    'label': goal.name,
                    'value': _("%(actual)s of %(target)s %(unit)s")
                    % {
                        'actual': (
                            '%.2f' % goal.actual_value
                            if goal.has_actual
                            else '—'
                        ),
                        'target': '%.2f' % goal.target_value,
                        'unit': goal.kpi_unit,
                    },
                    'status': statuses.get(goal.status, ''),
                    'good': goal.status in GOOD_STATUSES,
                    'spark': cockpit_lib.spark_points(values),
                }
            )
        return {
            'key': 'goals',
            'icon': 'fa-bullseye',
            'title': _("Goals against target"),
            'value': str(count),
            'count': count,
            'caption': _("goals"),
            'note': _(
                "%(good)s of the %(shown)s shown achieved or on track; trend "
                "of the last %(months)s "
                "months"
            )
            % {'good': good, 'shown': len(goals), 'months': SPARK_MONTHS},
            'rows': rows,
            'bars': [],
            'action': self._action('ci.goal', _("Goals"), domain),
        }

    @api.model
    def _tile_alerts(self, company):
        Evaluation = self.env['ci.kpi.alert.evaluation']
        since = fields.Datetime.to_string(
            datetime.datetime.utcnow() - datetime.timedelta(days=ALERT_DAYS)
        )
        domain = [
            ('company_id', '=', company.id),
            ('outcome', '=', 'fired'),
            ('date', '>=', since),
        ]
        count = Evaluation.search_count(domain)
        opened = self.env['ci.improvement'].search_count(
            [
                ('company_id', '=', company.id),
                ('origin', '=', 'kpi_alert'),
                ('state', 'in', list(OPEN_STATES)),
            ]
        )
        rows = [
            {
                'id': evaluation.id,
                'label': evaluation.rule_id.name,
                'value': fields.Datetime.context_timestamp(
                    self, fields.Datetime.from_string(evaluation.date)
                ).strftime('%Y-%m-%d'),
                'status': evaluation.improvement_id.name or '',
                'good': False,
                'spark': '',
            }
            for evaluation in Evaluation.search(domain, limit=TILE_ROWS)
        ]
        return {
            'key': 'alerts',
            'icon': 'fa-bell',
            'title': _("KPI alerts fired"),
            'value': str(count),
            'count': count,
            'caption': _("in the last %(days)s days") % {'days': ALERT_DAYS},
            'note': _("%(count)s improvements opened by alerts are still open")
            % {'count': opened},
            'rows': rows,
            'bars': [],
            'action': self._action(
                'ci.kpi.alert.evaluation', _("KPI alerts fired"), domain
            ),
        }

    @api.model
    def _tile_queue(self, company):
        queue = self.env['ci.health.improvement']._review_queue(
            company, QUEUE_STATES
        )
        labels = dict(
            self.env['ci.health.improvement']
            ._fields['age_bucket']
            ._description_selection(self.env)
        )
        values = [
            queue['aging'][bucket]
            for bucket, _label in cockpit_lib.age_buckets_oldest_first(
                AGE_BUCKETS
            )
        ]
        bars = [
            {'label': labels[bucket], 'value': value, 'height': height}
            for (bucket, _label), value, height in zip(
                cockpit_lib.age_buckets_oldest_first(AGE_BUCKETS),
                values,
                cockpit_lib.bar_heights(values),
            )
        ]
        improvements = self.env['ci.improvement'].browse(
            [imp_id for imp_id, _age in queue['oldest']]
        )
        ages = dict(queue['oldest'])
        rows = [
            {
                'id': imp.id,
                'label': '%s %s' % (imp.name, imp.title or ''),
                'value': _("%(days)s days") % {'days': ages.get(imp.id) or 0},
                'status': '',
                'good': False,
                'spark': '',
            }
            for imp in improvements
        ]
        domain = [
            ('company_id', '=', company.id),
            ('state', 'in', list(QUEUE_STATES)),
        ]
        return {
            'key': 'queue',
            'icon': 'fa-hourglass-half',
            'title': _("Waiting for a decision"),
            'value': str(queue['count']),
            'count': queue['count'],
            'caption': _("improvements, oldest first"),
            'note': _("Submitted or in review, by days since submission"),
            'rows': rows,
            'bars': bars,
            'action': self._action(
                'ci.improvement', _("Waiting for a decision"), domain
            ),
        }

    @api.model
    def _acknowledgement_figures(self, company):
        """[(version id, who should acknowledge, who did)] of the SOP
        versions in force of ``company``: the SOP's operators and whoever
        ran a work order under the version (ci.sop.version._audience), active
        users only; one query."""
        self.env['ci.access']._check_company(
            company, 'ci.cockpit._acknowledgement_figures'
        )
        self.env['ci.sop.version'].check_access_rights('read')
        self.env.cr.execute(
            """
            WITH cur AS (
                SELECT s.id AS sop_id, s.current_version_id AS version_id
                  FROM ci_sop s JOIN ci_sop_version v ON v.id = s.current_version_id
                 WHERE s.active AND v.company_id = %(company)s
            ), audience AS (
                SELECT cur.version_id, r.user_id
                  FROM cur JOIN ci_sop_operator_rel r ON r.sop_id = cur.sop_id
                UNION
                SELECT cur.version_id, r.user_id
                  FROM cur JOIN ci_sop_version_runner r ON r.version_id =
                      cur.version_id AND r.log_count > 0
            )
            SELECT cur.version_id, count(u.id), count(k.id)
              FROM cur
              LEFT JOIN audience a ON a.version_id = cur.version_id
              LEFT JOIN res_users u ON u.id = a.user_id AND u.active
              LEFT JOIN ci_sop_acknowledgement k ON k.version_id = a.version_id
                  AND k.user_id = u.id
             GROUP BY cur.version_id
             ORDER BY cur.version_id""",
            {'company': company.id},
        )
        return self.env.cr.fetchall()

    @api.model
    def _tile_acknowledgements(self, company):
        figures = self._acknowledgement_figures(company)
        due = sum(row[1] for row in figures)
        done = sum(row[2] for row in figures)
        rate = 100.0 * done / due if due else None
        worst = sorted(
            figures,
            key=lambda row: (row[2] / row[1] if row[1] else 1.0, row[0]),
        )[:TILE_ROWS]
        versions = {
            v.id: v
            for v in self.env['ci.sop.version'].browse(
                [row[0] for row in worst]
            )
        }
        rows = [
            {
                'id': version_id,
                'label': versions[version_id].name,
                'value': _("%(done)s of %(due)s")
                % {'done': acked, 'due': audience},
                'status': '',
                'good': audience and acked >= audience,
                'spark': '',
            }
            for version_id, audience, acked in worst
        ]
        return {
            'key': 'acknowledgements',
            'icon': 'fa-check-square-o',
            'title': _("Standards acknowledged"),
            'value': self._pct(rate),
            'count': len(figures),
            'caption': _("acknowledged, on %(count)s standards in force")
            % {'count': len(figures)},
            'note': _(
                "%(done)s of %(due)s operators who should have read them acknowledged"
            )
            % {'done': done, 'due': due},
            'rows': rows,
            'bars': [],
            'action': self._action(
                'ci.sop.version',
                _("Standards in force"),
                [('id', 'in', [row[0] for row in figures])],
            ),
        }

    @api.model
    def _tile_ideas(self, company, start, stop, date_to, monthly, total):
        by_month = {str(fig['key'])[:7]: fig for fig in monthly}
        months = cockpit_lib.months_between(
            fields.Date.from_string(start),
            (
                fields.Date.from_string(date_to)
                if isinstance(date_to, str)
                else date_to
            ),
        )
        values = [
            (by_month.get(str(month)[:7]) or {}).get('proposals', 0)
            for month in months
        ]
        heights = cockpit_lib.bar_heights(values)
        last = len(months) - 1
        bars = [
            {
                'label': str(month)[5:7],
                'value': value,
                'height': height,
                'current': False,
                'title': _(
                    "%(month)s: %(count)s ideas, participation %(rate)s"
                )
                % {
                    'month': str(month)[:7],
                    'count': value,
                    'rate': self._pct(
                        (by_month.get(str(month)[:7]) or {}).get(
                            'participation_rate'
                        )
                    ),
                },
            }
            for month, value, height in zip(months, values, heights)
        ]
        if bars and fields.Date.to_string(
            months[last]
        ) >= fields.Date.to_string(
            cockpit_lib.month_start(
                fields.Date.from_string(fields.Date.context_today(self))
            )
        ):
            bars[last]['current'] = True
        domain = [
            ('company_id', '=', company.id),
            ('date_submitted', '>=', start + ' 00:00:00'),
            ('date_submitted', '<', stop + ' 00:00:00'),
        ]
        return {
            'key': 'ideas',
            'icon': 'fa-lightbulb-o',
            'title': _("Ideas and participation"),
            'value': str(total['proposals']),
            'count': total['proposals'],
            'caption': _("ideas submitted"),
            'note': _(
                "%(participants)s of %(employees)s employees took part "
                "(%(rate)s). Per month, "
                "from %(start)s; the last bar is this month so far"
            )
            % {
                'participants': total['participants'] or 0,
                'employees': total['employees'] or 0,
                'rate': self._pct(total['participation_rate']),
                'start': start[:7],
            },
            'rows': [],
            'bars': bars,
            'action': self._action(
                'ci.improvement', _("Ideas submitted"), domain
            ),
        }

    @api.model
    def _tile_benefit(self, company, start, stop, total):
        domain = [
            ('company_id', '=', company.id),
            ('date_submitted', '>=', start + ' 00:00:00'),
            ('date_submitted', '<', stop + ' 00:00:00'),
            ('impact', '!=', 0),
        ]
        return {
            'key': 'benefit',
            'icon': 'fa-money',
            'title': _("Verified benefit"),
            'value': self._money(total['impact'], company),
            'count': total['impact_count'],
            'caption': _("per year, from %(count)s adopted pilots")
            % {'count': total['impact_count']},
            'note': _("Measured by the pilots, in %(currency)s")
            % {'currency': company.currency_id.symbol},
            'rows': [],
            'bars': [],
            'action': self._action(
                'ci.health.improvement',
                _("Verified benefit"),
                domain,
                views=('list',),
            ),
        }
