# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields

from odoo.addons.ci_process.tests.common import CiShopFloorCase

# minutes for 10 units, one done work order a day: the pilot window is faster
BEFORE = [100, 104, 98, 102, 101, 99, 103, 97, 105, 100]
AFTER = [90, 93, 88, 91, 92, 89, 90, 94, 87, 91]
SOP_TEXT = '<p>Load the blank.</p><p>Press once.</p>'
ENGINEER_FIELDS = ('member_ids', 'reused_version_id')


class IncentiveCase(CiShopFloorCase):
    """A work center with pilot data, a second operation on another work
    center, two teams, and helpers that drive improvements through their
    steps as the people who make them."""

    @classmethod
    def setUpClass(cls):
        super(IncentiveCase, cls).setUpClass()
        cls.today = fields.Date.context_today(cls.env['ci.point.rule'])
        # the suite's own rules (demo) must not add to the entries counted here
        cls.env['ci.point.rule'].search([]).write({'active': False})
        cls.member = cls.make_user('ci_test_member', ['base.group_user'])
        cls.workcenter2 = cls.env['mrp.workcenter'].create(
            {'name': 'CI Press 2', 'costs_hour': 60.0}
        )
        cls.routing2 = cls.env['mrp.routing'].create(
            {
                'name': 'CI Bracket routing 2',
                'operation_ids': [
                    (
                        0,
                        0,
                        {
                            'name': 'Stamp 2',
                            'workcenter_id': cls.workcenter2.id,
                        },
                    )
                ],
            }
        )
        cls.operation2 = cls.routing2.operation_ids
        Team = cls.env['ci.team']
        cls.team_press = Team.create(
            {
                'name': 'Press team',
                'leader_id': cls.engineer_ci.id,
                'member_ids': [(6, 0, (cls.user_ci | cls.member).ids)],
                'workcenter_ids': [(6, 0, cls.workcenter.ids)],
            }
        )
        cls.team_other = Team.create(
            {
                'name': 'Other team',
                'member_ids': [(6, 0, cls.user_ci.ids)],
                'workcenter_ids': [(6, 0, cls.workcenter2.ids)],
            }
        )
        for i, minutes in enumerate(BEFORE):
            cls.record_workorder(
                dt.datetime(2026, 3, 1 + i, 10), minutes, 90, 10, 0
            )
        for i, minutes in enumerate(AFTER):
            cls.record_workorder(
                dt.datetime(2026, 4, 1 + i, 10), minutes, 90, 10, 0
            )

    # ------------------------------------------------------------------
    @classmethod
    def rule(cls, event, points=10, recipient='submitter', **vals):
        return (
            cls.env['ci.point.rule']
            .sudo(cls.manager_ci)
            .create(
                dict(
                    vals,
                    name='%s %s' % (event, recipient),
                    event=event,
                    points=points,
                    recipient=recipient,
                )
            )
        )

    def entries(self, rule=None, **domain):
        dom = [(key, '=', value) for key, value in domain.items()]
        if rule:
            dom.append(('rule_id', '=', rule.id))
        return self.env['ci.point.entry'].search(dom)

    @classmethod
    def new_improvement(cls, operation=None, user=None, **vals):
        operation = operation or cls.operation
        values = {
            'title': 'New fixture',
            'problem': 'Two strokes per part',
            'operation_id': operation.id,
            'workcenter_id': operation.workcenter_id.id,
            'product_id': cls.product.id,
            'member_ids': [(6, 0, cls.member.ids)],
        }
        values.update(vals)
        # the people it credits and the standard it reuses are an engineer's
        # to name (ci.improvement protects them); the fixture names them on
        # the draft, with the workflow's grant
        named = {
            name: values.pop(name)
            for name in ENGINEER_FIELDS
            if name in values
        }
        imp = (
            cls.env['ci.improvement'].sudo(user or cls.user_ci).create(values)
        )
        if named:
            imp.sudo()._workflow().write(named)
        return imp

    def submitted(self, **vals):
        imp = self.new_improvement(**vals)
        imp.action_submit()
        return imp

    def approved(self, **vals):
        imp = self.submitted(**vals).sudo(self.engineer_ci)
        imp.action_start_review()
        imp.write({'owner_id': self.engineer_ci.id})
        imp.action_approve()
        return imp

    def pilot(self, imp, **vals):
        values = {
            'name': 'Die pilot',
            'improvement_id': imp.id,
            'workcenter_id': self.workcenter.id,
            'metric': 'cycle_time',
            'baseline_date_from': '2026-03-01',
            'baseline_date_to': '2026-03-10',
            'pilot_date_from': '2026-04-01',
            'pilot_date_to': '2026-04-10',
        }
        values.update(vals)
        pilot = self.env['ci.pilot'].sudo(self.engineer_ci).create(values)
        pilot.action_start()
        pilot.action_evaluate()
        return pilot

    def no_change_pilot(self, imp):
        """Two windows inside the same stretch of data: no significant change."""
        return self.pilot(
            imp,
            baseline_date_from='2026-03-01',
            baseline_date_to='2026-03-05',
            pilot_date_from='2026-03-06',
            pilot_date_to='2026-03-10',
        )

    def standardize(self, imp):
        """Write up and approve the SOP draft adoption prepared."""
        draft = imp.sop_version_ids.filtered(lambda v: v.state == 'draft')
        draft.sudo(self.engineer_ci).write({'content': SOP_TEXT})
        draft.sudo(self.engineer_ci).action_submit()
        draft.sudo(self.manager_ci).action_approve()
        return draft
