# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The workflow's dialogs: approving an improvement asks for its owner, an
approved one starts its pilot from the header, the review queue's order, and
approving a standard with a comment and the steps it drops."""

import datetime
import re

from lxml import etree

from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CiShopFloorCase
from .test_ci_sop import V1_TEXT, CiSopCase

V2_DROPS = '<p>Load the blank.</p><p>Press twice.</p>'


class TestImprovementApproveDialog(CiShopFloorCase):

    @classmethod
    def setUpClass(cls):
        super(TestImprovementApproveDialog, cls).setUpClass()
        cls.engineer2 = cls.make_user(
            'ci_test_engineer2',
            ['base.group_user', 'ci_process.group_ci_engineer'],
        )
        cls.company_b = cls.env['res.company'].create(
            {'name': 'CI Other Plant'}
        )
        cls.engineer_b = cls.make_user(
            'ci_test_engineer_b',
            ['base.group_user', 'ci_process.group_ci_engineer'],
            company=cls.company_b,
        )

    def in_review(self, **values):
        vals = {
            'title': 'Magnetic tray',
            'problem': 'Screws fall on the floor',
            'workcenter_id': self.workcenter.id,
        }
        vals.update(values)
        imp = self.env['ci.improvement'].sudo(self.user_ci).create(vals)
        imp.action_submit()
        imp.sudo(self.engineer_ci).action_start_review()
        return imp.sudo()

    def defaults(self, imp, user):
        """What the dialog the Approve button opens shows first."""
        action = imp.sudo(user).action_open_approve_wizard()
        self.assertEqual(
            (action['res_model'], action['target']),
            ('ci.improvement.approve', 'new'),
        )
        Wizard = (
            self.env[action['res_model']]
            .sudo(user)
            .with_context(**action['context'])
        )
        return Wizard, Wizard.default_get(list(Wizard._fields))

    def dialog(self, imp, user, **values):
        """The dialog the Approve button opens, as ``user`` fills it."""
        Wizard, defaults = self.defaults(imp, user)
        return Wizard.create(dict(defaults, **values))

    def test_dialog_asks_for_the_owner_and_approves(self):
        """An engineer approves through the dialog: owner set, approved,
        comment in the chatter."""
        imp = self.in_review()
        _wizard, defaults = self.defaults(imp, self.engineer_ci)
        self.assertEqual(defaults['improvement_id'], imp.id)
        self.assertFalse(
            defaults.get('owner_id'), "no owner yet: the dialog asks for one"
        )
        wizard = self.dialog(
            imp,
            self.engineer_ci,
            owner_id=self.engineer2.id,
            comment='Go ahead <b>now</b>\nwith the night shift',
        )
        self.assertEqual(
            wizard.owner_group_id, self.env.ref('ci_process.group_ci_engineer')
        )
        wizard.action_approve()
        self.assertEqual(
            (imp.state, imp.owner_id), ('approved', self.engineer2)
        )
        note = imp.message_ids.filtered(
            lambda m: 'night shift' in (m.body or '')
        )
        self.assertEqual(len(note), 1)
        self.assertEqual(note.author_id, self.engineer_ci.partner_id)
        self.assertIn(
            '&lt;b&gt;now&lt;/b&gt;',
            note.body,
            "the comment is text, not HTML",
        )

    def test_dialog_prefills_the_owner(self):
        """The improvement's owner is the dialog's default; no comment, no note."""
        imp = self.in_review()
        imp.sudo(self.engineer_ci).write({'owner_id': self.engineer2.id})
        messages = len(imp.message_ids)
        wizard = self.dialog(imp, self.engineer_ci)
        self.assertEqual(wizard.owner_id, self.engineer2)
        wizard.action_approve()
        self.assertEqual(
            (imp.state, imp.owner_id), ('approved', self.engineer2)
        )
        self.assertFalse(
            imp.message_ids[: len(imp.message_ids) - messages].filtered(
                lambda m: m.message_type == 'comment'
            )
        )

    def test_owner_domain_offers_engineers_of_the_company(self):
        """The owner field offers the company's CI Engineers only."""
        imp = self.in_review()
        wizard = self.dialog(
            imp, self.engineer_ci, owner_id=self.engineer_ci.id
        )
        domain = [
            ('share', '=', False),
            ('company_ids', 'in', [wizard.company_id.id]),
            ('groups_id', 'in', [wizard.owner_group_id.id]),
        ]
        self.assertIn(
            "'company_ids', 'in', [company_id]",
            wizard._fields['owner_id'].domain,
        )
        offered = self.env['res.users'].sudo(self.engineer_ci).search(domain)
        self.assertIn(self.engineer2, offered)
        self.assertNotIn(self.engineer_b, offered)
        self.assertNotIn(self.user_ci, offered)

    def test_owner_of_another_company_refused(self):
        """An owner from another company: ValidationError naming field and
        value, nothing written."""
        imp = self.in_review()
        wizard = self.dialog(
            imp, self.engineer_ci, owner_id=self.engineer_b.id
        )
        with self.assertRaises(ValidationError) as cm:
            wizard.action_approve()
        self.assertIn('Owner = %s' % self.engineer_b.name, str(cm.exception))
        self.assertIn(self.company.name, str(cm.exception))
        self.assertEqual(
            (imp.state, imp.owner_id), ('review', self.env['res.users'])
        )

    def test_owner_who_is_no_engineer_refused(self):
        """A CI User cannot carry a pilot: refused as owner."""
        imp = self.in_review()
        wizard = self.dialog(imp, self.engineer_ci, owner_id=self.user_ci.id)
        with self.assertRaises(ValidationError):
            wizard.action_approve()
        self.assertEqual(
            (imp.state, imp.owner_id), ('review', self.env['res.users'])
        )

    def test_user_cannot_approve_through_the_dialog(self):
        """A CI User opens no dialog and confirms none; nothing written."""
        imp = self.in_review()
        with self.assertRaises(AccessError):
            imp.sudo(self.user_ci).action_open_approve_wizard()
        # not even the dialog's record (XML-RPC creates it as readily as the dialog)
        Wizard = self.env['ci.improvement.approve']
        with self.assertRaises(AccessError):
            Wizard.sudo(self.user_ci).create(
                {
                    'improvement_id': imp.id,
                    'owner_id': self.engineer_ci.id,
                    'comment': 'mine now',
                }
            )
        wizard = Wizard.sudo(self.engineer_ci).create(
            {'improvement_id': imp.id, 'owner_id': self.engineer_ci.id}
        )
        with self.assertRaises(AccessError):
            wizard.sudo(self.user_ci).action_approve()
        self.assertEqual(
            (imp.state, imp.owner_id), ('review', self.env['res.users'])
        )
        self.assertFalse(
            imp.message_ids.filtered(lambda m: 'mine now' in (m.body or ''))
        )

    def test_dialog_does_not_set_the_owner_of_what_cannot_be_approved(self):
        """Not in review yet, or another company's: refused before the owner is
        written."""
        imp = self.in_review()
        submitted = (
            self.env['ci.improvement']
            .sudo(self.user_ci)
            .create(
                {
                    'title': 'Other',
                    'problem': 'Other',
                    'workcenter_id': self.workcenter.id,
                }
            )
        )
        submitted.action_submit()
        with self.assertRaises(UserError):
            submitted.sudo(self.engineer_ci).action_open_approve_wizard()
        wizard = (
            self.env['ci.improvement.approve']
            .sudo(self.engineer_ci)
            .create(
                {'improvement_id': submitted.id, 'owner_id': self.engineer2.id}
            )
        )
        with self.assertRaises(UserError):
            wizard.action_approve()
        self.assertEqual(
            (submitted.sudo().state, submitted.sudo().owner_id),
            ('submitted', self.env['res.users']),
        )
        # the engineer of another company, on this company's improvement:
        # refused from the dialog's record on
        with self.assertRaises(AccessError):
            self.env['ci.improvement.approve'].sudo(self.engineer_b).create(
                {'improvement_id': imp.id, 'owner_id': self.engineer_b.id}
            )
        wizard = self.dialog(
            imp, self.engineer_ci, owner_id=self.engineer_ci.id
        )
        with self.assertRaises(AccessError):
            wizard.sudo(self.engineer_b).write(
                {'owner_id': self.engineer_b.id}
            )
        with self.assertRaises(AccessError):
            wizard.sudo(self.engineer_b).action_approve()
        self.assertEqual(
            (imp.state, imp.owner_id), ('review', self.env['res.users'])
        )

    def test_dialog_refuses_what_only_xmlrpc_sends(self):
        """Ids that are not records, a comment that is not text, a default for
        an improvement the engineer may not change: refused at creation, naming
        field and value; no dialog record.
        """
        imp = self.in_review()
        draft = (
            self.env['ci.improvement']
            .sudo(self.user_ci)
            .create({'title': 'Mine', 'problem': 'Private'})
        )
        Wizard = self.env['ci.improvement.approve'].sudo(self.engineer_ci)
        before = Wizard.sudo().search_count([])
        good = {'improvement_id': imp.id, 'owner_id': self.engineer2.id}
        for field, value, words in (
            ('improvement_id', 'abc', "'abc': no such record"),
            ('improvement_id', 999999, '999999: no such record'),
            ('owner_id', True, 'True: no such record'),
            ('comment', ['not', 'text'], "['not', 'text']: a comment is text"),
        ):
            with self.assertRaises(UserError) as cm:
                Wizard.create(dict(good, **{field: value}))
            self.assertIn(words, str(cm.exception))
        with self.assertRaises(AccessError):
            Wizard.with_context(default_improvement_id=draft.id).create(
                {'owner_id': self.engineer2.id}
            )
        wizard = Wizard.create(good)
        with self.assertRaises(UserError):
            wizard.write({'comment': 42})
        self.assertEqual(Wizard.sudo().search_count([]), before + 1)
        self.assertEqual(
            (imp.state, imp.owner_id, draft.sudo().owner_id),
            ('review', self.env['res.users'], self.env['res.users']),
        )

    def test_dialogs_confirmed_together(self):
        """Two dialogs confirmed in one call approve both; twice the same one
        says why, not 'singleton'."""
        first, second = self.in_review(), self.in_review(title='Second tray')
        wizards = self.dialog(
            first, self.engineer_ci, owner_id=self.engineer2.id
        ) | self.dialog(second, self.engineer_ci, owner_id=self.engineer_ci.id)
        wizards.action_approve()
        self.assertEqual(
            [(i.state, i.owner_id) for i in (first, second)],
            [('approved', self.engineer2), ('approved', self.engineer_ci)],
        )
        third = self.in_review(title='Third tray')
        twice = self.dialog(
            third, self.engineer_ci, owner_id=self.engineer2.id
        ) | self.dialog(third, self.engineer_ci, owner_id=self.engineer2.id)
        with self.assertRaises(UserError) as cm:
            twice.action_approve()
        self.assertIn(third.name, str(cm.exception))

    def test_direct_approve_still_refuses_without_owner(self):
        """action_approve (XML-RPC) keeps its rule: an owner first, said plainly."""
        imp = self.in_review()
        with self.assertRaises(UserError) as cm:
            imp.sudo(self.engineer_ci).action_approve()
        self.assertIn('assign an owner', str(cm.exception))
        imp.sudo(self.engineer_ci).write({'owner_id': self.engineer_ci.id})
        imp.sudo(self.engineer_ci).action_approve()
        self.assertEqual(imp.state, 'approved')


class TestStartPilotButton(CiShopFloorCase):

    def approved(self):
        goal = (
            self.env['ci.goal']
            .sudo(self.engineer_ci)
            .create(
                {
                    'name': 'Scrap down',
                    'kpi': 'scrap_rate',
                    'workcenter_id': self.workcenter.id,
                    'baseline_date_from': '2025-10-01',
                    'baseline_date_to': '2025-12-31',
                    'date_start': '2026-01-01',
                    'date_deadline': '2026-12-31',
                    'target_value': 1.0,
                }
            )
        )
        imp = (
            self.env['ci.improvement']
            .sudo(self.user_ci)
            .create(
                {
                    'title': 'Die coating',
                    'problem': 'Burrs',
                    'workcenter_id': self.workcenter.id,
                    'operation_id': self.operation.id,
                    'product_id': self.product.id,
                }
            )
        )
        imp.action_submit()
        imp = imp.sudo(self.engineer_ci)
        imp.action_start_review()
        imp.write({'owner_id': self.engineer_ci.id, 'goal_id': goal.id})
        return imp

    def test_start_pilot_opens_a_prefilled_pilot_form(self):
        """Start Pilot opens a new pilot's form filled from the improvement."""
        imp = self.approved()
        with self.assertRaises(UserError):
            imp.action_new_pilot()  # in review: no pilot yet
        imp.action_approve()
        action = imp.action_new_pilot()
        self.assertEqual(
            (action['res_model'], action['view_mode'], action['target']),
            ('ci.pilot', 'form', 'current'),
        )
        Pilot = (
            self.env['ci.pilot']
            .sudo(self.engineer_ci)
            .with_context(**action['context'])
        )
        values = Pilot.default_get(list(Pilot._fields))
        self.assertEqual(values['improvement_id'], imp.id)
        self.assertEqual(values['workcenter_id'], self.workcenter.id)
        self.assertEqual(values['operation_id'], self.operation.id)
        self.assertEqual(values['product_id'], self.product.id)
        self.assertEqual(values['metric'], 'scrap_rate', "the goal's KPI")
        self.assertEqual(values['name'], 'Pilot of Die coating')
        windows = {
            'baseline_date_from': '2026-01-01',
            'baseline_date_to': '2026-01-31',
            'pilot_date_from': '2026-02-01',
            'pilot_date_to': '2026-02-28',
        }
        pilot = Pilot.create(dict(windows, **values))
        self.assertEqual((pilot.improvement_id, pilot.state), (imp, 'draft'))
        self.assertEqual(
            imp.state,
            'approved',
            "the pilot starts the improvement's pilot when it starts",
        )

    def test_user_cannot_start_a_pilot(self):
        imp = self.approved()
        imp.action_approve()
        with self.assertRaises(AccessError):
            imp.sudo(self.user_ci).action_new_pilot()


class TestReviewQueue(CiShopFloorCase):

    def submitted(self, title, days_ago, state='submitted'):
        imp = (
            self.env['ci.improvement']
            .sudo(self.user_ci)
            .create(
                {
                    'title': title,
                    'problem': 'p',
                    'workcenter_id': self.workcenter.id,
                }
            )
        )
        imp.action_submit()
        if state == 'review':
            imp.sudo(self.engineer_ci).action_start_review()
        when = datetime.datetime.utcnow() - datetime.timedelta(days=days_ago)
        self.env.cr.execute(
            "UPDATE ci_improvement SET date_submitted = %s WHERE id = %s",
            (when.strftime('%Y-%m-%d %H:%M:%S'), imp.id),
        )
        imp.invalidate_cache()
        return imp.sudo()

    def queue(self, user):
        """The review queue as the menu opens it: its action's domain and its
        list's order."""
        action = self.env.ref('ci_process.ci_improvement_action_review')
        self.assertIn('search_default_to_review', action.context)
        view = action.view_ids.filtered(
            lambda v: v.view_mode == 'tree'
        ).view_id
        arch = etree.fromstring(
            self.env['ci.improvement'].fields_view_get(view.id, 'tree')['arch']
        )
        order = arch.get('default_order')
        self.assertTrue(order)
        domain = [('state', 'in', ('submitted', 'review'))]
        return (
            self.env['ci.improvement'].sudo(user).search(domain, order=order),
            arch,
        )

    def test_overdue_first_then_oldest(self):
        """The queue lists the overdue decisions first, then the oldest first."""
        fresh = self.submitted('fresh', 1)
        older = self.submitted('older', 5, 'review')
        overdue = self.submitted('overdue', 9)
        oldest = self.submitted('oldest overdue', 40, 'review')
        self.submitted('approved long ago', 60).sudo(
            self.engineer_ci
        ).action_start_review()
        done = self.env['ci.improvement'].search(
            [('title', '=', 'approved long ago')]
        )
        done.sudo(self.engineer_ci).write({'owner_id': self.engineer_ci.id})
        done.sudo(self.engineer_ci).action_approve()
        mine = fresh | older | overdue | oldest
        records, arch = self.queue(self.engineer_ci)
        ordered = records.filtered(lambda r: r in mine)
        self.assertEqual(
            ordered.mapped('title'),
            ['oldest overdue', 'overdue', 'older', 'fresh'],
        )
        self.assertNotIn(done, records)
        self.assertEqual(
            [r.is_review_overdue for r in ordered], [True, True, False, False]
        )
        flagged = self.env['ci.improvement'].search(
            [('is_review_overdue', '=', True), ('id', 'in', mine.ids)]
        )
        self.assertEqual(flagged, oldest | overdue)
        self.assertEqual(
            self.env['ci.improvement'].search(
                [('is_review_overdue', '!=', True), ('id', 'in', mine.ids)]
            ),
            fresh | older,
        )
        self.assertEqual(arch.get('decoration-danger'), 'is_review_overdue')
        shown = [
            f.get('name')
            for f in arch.iter('field')
            if f.get('invisible') != '1'
        ]
        self.assertIn('date_submitted_display', shown)
        self.assertNotIn(
            'date_submitted',
            shown,
            "the queue shows times to the minute, not the second",
        )

    def test_submission_time_to_the_minute(self):
        """The queue's time: the user's timezone and language, minutes, no seconds."""
        imp = self.submitted('timed', 0)
        self.env.cr.execute(
            "UPDATE ci_improvement SET date_submitted = '2026-03-04 05:06:07' "
            "WHERE id = %s",
            (imp.id,),
        )
        imp.invalidate_cache()
        utc = imp.with_context(tz='UTC', lang='en_US')
        self.assertEqual(utc.date_submitted_display, '03/04/2026 05:06')
        shanghai = imp.with_context(tz='Asia/Shanghai', lang='en_US')
        self.assertEqual(shanghai.date_submitted_display, '03/04/2026 13:06')
        if self.env['res.lang']._lang_get('zh_CN'):
            zh = imp.with_context(tz='Asia/Shanghai', lang='zh_CN')
            self.assertEqual(
                zh.date_submitted_display, '2026年03月04日 13时06分'
            )
        self.assertFalse(re.search(r':\d\d:\d\d', utc.date_submitted_display))


class TestSopApproveDialog(CiSopCase):

    def dialog(self, version, user, **values):
        action = version.sudo(user).action_open_approve_wizard()
        self.assertEqual(
            (action['res_model'], action['target']),
            ('ci.sop.version.approve', 'new'),
        )
        Wizard = (
            self.env[action['res_model']]
            .sudo(user)
            .with_context(**action['context'])
        )
        return Wizard.create(
            dict(Wizard.default_get(list(Wizard._fields)), **values)
        )

    def in_approval(self, content):
        version = (
            self.env['ci.sop.version']
            .sudo(self.engineer_ci)
            .create({'sop_id': self.sop.id, 'content': content})
        )
        version.action_submit()
        return version.sudo()

    def test_dialog_warns_of_dropped_steps_and_keeps_the_comment(self):
        """v2 drops a step of v1 in force: the dialog lists it; the comment is
        kept and posted."""
        v1 = self.make_version(V1_TEXT, effective=self.days(-10))
        v2 = self.in_approval(
            V2_DROPS + '<p>Blow off the chips &amp; dust.</p>'
        )
        wizard = self.dialog(
            v2,
            self.manager_ci,
            comment='The burr check moved to the deburring cell.',
        )
        self.assertTrue(wizard.has_removed_steps)
        self.assertEqual(wizard.version_in_force_id, v1)
        self.assertIn('<li>Check the burr.</li>', wizard.removed_steps_html)
        self.assertNotIn('Press twice', wizard.removed_steps_html)
        wizard.action_approve()
        self.assertEqual((v2.state, v1.state), ('approved', 'superseded'))
        self.assertEqual(
            v2.approval_comment, 'The burr check moved to the deburring cell.'
        )
        note = v2.message_ids.filtered(
            lambda m: 'deburring cell' in (m.body or '')
        )
        self.assertEqual(note.author_id, self.manager_ci.partner_id)

    def test_no_warning_when_nothing_is_dropped(self):
        self.make_version(V1_TEXT, effective=self.days(-10))
        v2 = self.in_approval(V1_TEXT + '<p>Log the count.</p>')
        wizard = self.dialog(v2, self.manager_ci)
        self.assertFalse(wizard.has_removed_steps)
        self.assertFalse(wizard.removed_steps_html)
        wizard.action_approve()
        self.assertEqual((v2.state, v2.approval_comment), ('approved', False))
        # the first version has nothing in force to compare with
        first = self.env['ci.sop'].create(
            {
                'name': 'Other',
                'operation_id': self.operation.id,
                'product_id': self.product.id,
            }
        )
        v1b = (
            self.env['ci.sop.version']
            .sudo(self.engineer_ci)
            .create({'sop_id': first.id, 'content': V1_TEXT})
        )
        v1b.action_submit()
        self.assertFalse(self.dialog(v1b, self.manager_ci).has_removed_steps)

    def test_engineer_cannot_approve_through_the_dialog(self):
        """An engineer: no dialog, no approval, no comment written."""
        v2 = self.in_approval(V1_TEXT)
        with self.assertRaises(AccessError):
            v2.sudo(self.engineer_ci).action_open_approve_wizard()
        # nor the dialog's record, which would show the steps dropped of a
        # version in approval
        Wizard = self.env['ci.sop.version.approve']
        with self.assertRaises(AccessError):
            Wizard.sudo(self.engineer_ci).create(
                {'version_id': v2.id, 'comment': 'self-approved'}
            )
        wizard = self.dialog(v2, self.manager_ci)
        with self.assertRaises(AccessError):
            wizard.sudo(self.engineer_ci).action_approve()
        self.assertEqual((v2.state, v2.approval_comment), ('approval', False))

    def test_comment_is_the_workflows(self):
        """Nobody writes the approval comment but the approval: not later, not
        at creation."""
        v2 = self.in_approval(V1_TEXT)
        self.dialog(
            v2, self.manager_ci, comment='As written.'
        ).action_approve()
        for user in (
            self.engineer_ci,
            self.manager_ci,
            self.env.ref('base.user_root'),
        ):
            with self.assertRaises((UserError, AccessError)):
                v2.sudo(user).write({'approval_comment': 'Something else.'})
        self.assertEqual(v2.approval_comment, 'As written.')
        draft = self.in_approval(V1_TEXT)
        draft.sudo(self.manager_ci).action_back_to_draft()
        with self.assertRaises(UserError):
            draft.sudo(self.manager_ci).write(
                {'approval_comment': 'pre-approved'}
            )
        with self.assertRaises(UserError):
            self.env['ci.sop.version'].sudo(self.manager_ci).create(
                {
                    'sop_id': self.sop.id,
                    'content': V1_TEXT,
                    'approval_comment': 'pre-approved',
                }
            )
        created = (
            self.env['ci.sop.version']
            .sudo(self.engineer_ci)
            .with_context(default_approval_comment='pre-approved')
            .create({'sop_id': self.sop.id, 'content': V1_TEXT})
        )
        self.assertFalse(created.approval_comment)
        self.assertFalse(v2.copy().approval_comment)

    def test_dialog_refuses_what_only_xmlrpc_sends(self):
        """A version that is not one, a comment that is not text (the dialog
        would have kept "['a']" or "123" as the approver's word): refused
        naming field and value; nothing approved.
        """
        v2 = self.in_approval(V1_TEXT)
        Wizard = self.env['ci.sop.version.approve'].sudo(self.manager_ci)
        for vals, words in (
            ({'version_id': 'abc'}, "'abc': no such record"),
            ({'version_id': 999999}, '999999: no such record'),
            (
                {'version_id': v2.id, 'comment': ['a']},
                "['a']: a comment is text",
            ),
            ({'version_id': v2.id, 'comment': 123}, '123: a comment is text'),
        ):
            with self.assertRaises(UserError) as cm:
                Wizard.create(vals)
            self.assertIn(words, str(cm.exception))
        self.assertEqual((v2.state, v2.approval_comment), ('approval', False))
        other = self.in_approval(V1_TEXT + '<p>Log the count.</p>')
        (
            self.dialog(v2, self.manager_ci, comment='One.')
            | self.dialog(other, self.manager_ci)
        ).action_approve()
        self.assertEqual(
            [(v.state, v.approval_comment) for v in (v2, other)],
            [('superseded', 'One.'), ('approved', False)],
        )

    def test_direct_approve_takes_a_comment_or_none(self):
        """action_approve over XML-RPC: without a comment as before, with one
        kept; not text refused."""
        v2 = self.in_approval(V1_TEXT)
        with self.assertRaises(UserError) as cm:
            v2.sudo(self.manager_ci).action_approve(comment=['not', 'text'])
        self.assertIn('not', str(cm.exception))
        self.assertEqual(v2.state, 'approval')
        v2.sudo(self.manager_ci).action_approve(comment='  Fine.  ')
        self.assertEqual(
            (v2.state, v2.approval_comment), ('approved', 'Fine.')
        )
