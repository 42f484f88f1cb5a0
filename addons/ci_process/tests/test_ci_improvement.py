# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime as dt

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CiShopFloorCase


class TestCiImprovementWorkflow(CiShopFloorCase):

    def propose(self, user=None, **values):
        vals = {
            'title': 'Magnetic tray',
            'problem': 'Screws fall on the floor',
            'idea': 'A magnetic tray',
            'workcenter_id': self.workcenter.id,
        }
        vals.update(values)
        return (
            self.env['ci.improvement'].sudo(user or self.user_ci).create(vals)
        )

    def test_full_path_with_lowest_privileges(self):
        """User submits, engineer reviews, approves, pilots; each step by the
        least role allowed."""
        imp = self.propose()
        self.assertEqual((imp.state, imp.pdca_stage), ('draft', 'plan'))
        self.assertTrue(imp.name.startswith('CI/'))
        imp.action_submit()
        self.assertEqual(imp.state, 'submitted')
        self.assertTrue(imp.date_submitted)
        # the work center's CI owner is asked to review: activity + chatter
        activity = imp.sudo().activity_ids
        self.assertEqual(activity.user_id, self.engineer_ci)
        self.assertIn(
            self.engineer_ci.partner_id, imp.sudo().message_partner_ids
        )
        as_eng = imp.sudo(self.engineer_ci)
        as_eng.action_start_review()
        self.assertEqual(
            (imp.state, imp.reviewer_id), ('review', self.engineer_ci)
        )
        with self.assertRaises(UserError):  # no owner yet
            as_eng.action_approve()
        as_eng.write({'owner_id': self.engineer_ci.id})
        as_eng.action_approve()
        self.assertEqual(imp.state, 'approved')
        self.assertFalse(
            imp.sudo().activity_ids, "the review to-do is closed on approval"
        )
        as_eng.action_start_pilot()
        self.assertEqual((imp.state, imp.pdca_stage), ('pilot', 'do'))
        as_eng.action_adopt()
        self.assertEqual((imp.state, imp.pdca_stage), ('adopted', 'act'))
        self.assertTrue(imp.date_closed)

    def test_user_cannot_review_or_approve(self):
        imp = self.propose()
        imp.action_submit()
        for method in (
            'action_start_review',
            'action_approve',
            'action_adopt',
            'action_start_pilot',
        ):
            with self.assertRaises((AccessError, UserError)):
                getattr(imp.sudo(self.user_ci), method)()
        self.assertEqual(imp.state, 'submitted')

    def test_illegal_moves_refused(self):
        imp = self.propose()
        as_eng = imp.sudo(self.engineer_ci)
        with self.assertRaises(UserError) as cm:
            # draft -> approved (the role is checked first)
            imp.sudo().action_approve()
        self.assertIn('Draft', str(cm.exception))
        imp.action_submit()
        with self.assertRaises(UserError) as cm:
            as_eng.action_start_pilot()  # submitted -> pilot
        self.assertIn('Submitted', str(cm.exception))
        self.assertIn('In Pilot', str(cm.exception))
        with self.assertRaises(UserError):
            imp.action_reopen()  # submitted -> draft
        self.assertEqual(imp.state, 'submitted')

    def test_adopt_without_pilot_is_for_managers(self):
        imp = self.propose()
        imp.action_submit()
        imp.sudo(self.engineer_ci).action_start_review()
        imp.sudo(self.engineer_ci).write({'owner_id': self.engineer_ci.id})
        imp.sudo(self.engineer_ci).action_approve()
        with self.assertRaises(AccessError):
            imp.sudo(self.engineer_ci).action_adopt()
        imp.sudo(self.manager_ci).action_adopt()
        self.assertEqual(imp.state, 'adopted')

    def test_reject_needs_a_reason(self):
        imp = self.propose()
        imp.action_submit()
        with self.assertRaises(UserError):
            imp.sudo(self.engineer_ci).action_reject(reason='  ')
        self.assertEqual(imp.state, 'submitted')
        wizard = (
            self.env['ci.improvement.reject']
            .sudo(self.engineer_ci)
            .create(
                {
                    'improvement_ids': [(6, 0, imp.ids)],
                    'reason': 'Already solved by the new press',
                }
            )
        )
        wizard.action_reject()
        self.assertEqual(
            (imp.state, imp.rejection_reason),
            ('rejected', 'Already solved by the new press'),
        )
        self.assertEqual(imp.pdca_stage, 'closed')
        imp.action_reopen()  # the submitter tries again
        self.assertEqual((imp.state, imp.rejection_reason), ('draft', False))

    def test_withdraw_only_by_submitter_or_engineer(self):
        imp = self.propose()
        imp.action_submit()
        other = self.make_user('ci_other_user', ['base.group_user'])
        with self.assertRaises(AccessError):
            imp.sudo(other).action_withdraw()
        imp.action_withdraw()
        self.assertEqual(imp.state, 'withdrawn')

    def test_nobody_but_an_engineer_submits_for_someone_else(self):
        """The credit (and the points) of an idea: nobody puts it in another's
        name, not even a manager."""
        other = self.make_user('ci_other_submitter', ['base.group_user'])
        with self.assertRaisesRegex(AccessError, "someone else's"):
            self.propose(submitter_id=other.id)
        imp = self.propose(
            submitter_id=self.user_ci.id
        )  # their own name: fine
        with self.assertRaisesRegex(AccessError, "someone else's"):
            imp.sudo(self.user_ci).write({'submitter_id': other.id})
        self.assertEqual(imp.submitter_id, self.user_ci)
        with self.assertRaisesRegex(AccessError, "someone else's"):
            self.propose(user=self.manager_ci, submitter_id=other.id)

    def test_state_and_dates_only_through_buttons(self):
        imp = self.propose()
        for vals in (
            {'state': 'adopted'},
            {'date_submitted': '2020-01-01 00:00:00'},
            {'rejection_reason': 'x'},
        ):
            with self.assertRaises(UserError):
                imp.sudo(self.manager_ci).write(vals)
        with self.assertRaises(UserError):
            self.propose(state='approved')
        self.assertEqual(imp.state, 'draft')
        # a context flag sent by a client is not the transition token
        with self.assertRaises(UserError):
            imp.sudo(self.manager_ci).with_context(ci_transition=True).write(
                {'state': 'adopted'}
            )

    def test_drafts_private_submitted_visible(self):
        imp = self.propose()
        other = self.make_user('ci_other_user', ['base.group_user'])
        Imp = self.env['ci.improvement']
        for user in (other, self.engineer_ci, self.manager_ci):
            self.assertNotIn(imp, Imp.sudo(user).search([]))
        self.assertIn(imp, Imp.sudo(self.user_ci).search([]))
        imp.action_submit()
        for user in (other, self.engineer_ci):
            self.assertIn(imp, Imp.sudo(user).search([]))
        # others read it but cannot edit it
        with self.assertRaises(AccessError):
            imp.sudo(other).write({'idea': 'mine now'})

    def test_aging_flags_and_filters(self):
        imp = self.propose()
        imp.action_submit()
        Imp = self.env['ci.improvement'].sudo(self.engineer_ci)
        self.assertFalse(imp.is_unassigned_late or imp.is_stagnant)
        past = fields.Datetime.to_string(
            dt.datetime.utcnow() - dt.timedelta(days=40)
        )
        self.env.cr.execute(
            "UPDATE ci_improvement SET date_submitted = %s, date_state = %s "
            "WHERE id = %s",
            (past, past, imp.id),
        )
        imp.invalidate_cache()
        self.assertEqual(
            (imp.days_since_submission, imp.days_in_state), (40, 40)
        )
        self.assertTrue(imp.is_unassigned_late)
        self.assertTrue(imp.is_stagnant)
        self.assertIn(imp, Imp.search([('is_stagnant', '=', True)]))
        self.assertIn(imp, Imp.search([('is_unassigned_late', '=', True)]))
        self.assertNotIn(imp, Imp.search([('is_stagnant', '=', False)]))
        imp.sudo(self.engineer_ci).write({'owner_id': self.engineer_ci.id})
        self.assertFalse(imp.is_unassigned_late)

    def test_bad_input(self):
        other = self.env['mrp.workcenter'].create({'name': 'Other line'})
        with self.assertRaises(ValidationError), self.env.cr.savepoint():
            self.propose(
                workcenter_id=other.id, operation_id=self.operation.id
            )
        with self.assertRaises(ValidationError) as cm, self.env.cr.savepoint():
            self.propose(benefit_target=-5)
        self.assertIn('-5', str(cm.exception))
        imp = self.propose(problem=' ')
        with self.assertRaises(UserError):
            imp.action_submit()
        self.assertEqual(imp.state, 'draft')

    def test_submission_without_any_reviewer_says_so(self):
        """No CI owner and no CI Manager: the chatter says who should be set."""
        self.workcenter.owner_id = False
        self.env.ref('ci_process.group_ci_manager').write({'users': [(5,)]})
        imp = self.propose()
        imp.action_submit()
        self.assertEqual(imp.state, 'submitted')
        self.assertFalse(imp.sudo().activity_ids)
        self.assertIn('nobody can review it', imp.sudo().message_ids[0].body)

    def test_kanban_columns_follow_the_workflow(self):
        """Grouped by state, every state comes, in workflow order."""
        groups = (
            self.env['ci.improvement']
            .sudo(self.engineer_ci)
            .read_group([], ['state'], ['state'])
        )
        self.assertEqual(
            [g['state'] for g in groups],
            [
                'draft',
                'submitted',
                'review',
                'approved',
                'pilot',
                'adopted',
                'standardized',
                'rejected',
                'withdrawn',
            ],
        )
