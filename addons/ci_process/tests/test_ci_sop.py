# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import AccessError, UserError, ValidationError

from .common import CiShopFloorCase

V1_TEXT = '<p>Load the blank.</p><p>Press twice.</p><p>Check the burr.</p>'
V2_TEXT = (
    '<p>Load the blank in the new fixture.</p><p>Press once.</p><p>Check the '
    'burr.</p>'
)


class CiSopCase(CiShopFloorCase):

    @classmethod
    def setUpClass(cls):
        super(CiSopCase, cls).setUpClass()
        cls.today = fields.Date.context_today(cls.env['ci.sop'])
        cls.operator = cls.make_user(
            'ci_test_operator', ['base.group_user', 'mrp.group_mrp_user']
        )
        cls.sop = cls.env['ci.sop'].create(
            {
                'name': 'Stamp brackets',
                'operation_id': cls.operation.id,
                'owner_id': cls.engineer_ci.id,
                'operator_ids': [(6, 0, cls.operator.ids)],
            }
        )

    def days(self, n):
        return fields.Date.to_string(
            fields.Date.from_string(self.today) + datetime.timedelta(days=n)
        )

    def make_version(
        self, content=V1_TEXT, effective=None, approve=True, **vals
    ):
        version = (
            self.env['ci.sop.version']
            .sudo(self.engineer_ci)
            .create(
                dict(
                    vals,
                    sop_id=self.sop.id,
                    content=content,
                    date_effective=effective,
                )
            )
        )
        if approve:
            version.action_submit()
            version.sudo(self.manager_ci).action_approve()
        return version.sudo()

    def adopted_improvement(self):
        imp = (
            self.env['ci.improvement']
            .sudo(self.user_ci)
            .create(
                {
                    'title': 'New fixture',
                    'problem': 'Two strokes per part',
                    'operation_id': self.operation.id,
                    'workcenter_id': self.workcenter.id,
                }
            )
        )
        imp.action_submit()
        imp = imp.sudo(self.engineer_ci)
        imp.action_start_review()
        imp.write({'owner_id': self.engineer_ci.id})
        imp.action_approve()
        imp.sudo(self.manager_ci).action_adopt()
        return imp


class TestSopVersions(CiSopCase):

    def test_numbers_follow_each_other(self):
        """Versions of an SOP are numbered 1, 2, 3 and named after it."""
        v1 = self.make_version(effective=self.days(-10))
        v2 = self.make_version(V2_TEXT, approve=False)
        self.assertEqual((v1.number, v2.number), (1, 2))
        self.assertEqual(v2.name, 'Stamp brackets v2')

    def test_approval_supersedes_previous(self):
        """Approving v2 effective today supersedes v1 and makes v2 the version
        in force."""
        v1 = self.make_version(effective=self.days(-10))
        self.assertEqual(self.sop.current_version_id, v1)
        v2 = self.make_version(V2_TEXT)
        self.assertEqual((v1.state, v2.state), ('superseded', 'approved'))
        self.assertEqual(v2.date_effective, self.today)
        self.assertEqual(v2.approver_id, self.manager_ci)
        self.assertEqual(self.sop.current_version_id, v2)

    def test_future_version_takes_effect_on_its_date(self):
        """A version approved for a later day leaves the current one in force
        until then."""
        v1 = self.make_version(effective=self.days(-10))
        v2 = self.make_version(V2_TEXT, effective=self.days(3))
        self.assertEqual((v1.state, v2.state), ('approved', 'approved'))
        self.assertEqual(self.sop.current_version_id, v1)
        # three days later, as the daily job sees it
        self.env.cr.execute(
            "UPDATE ci_sop_version SET date_effective = %s WHERE id = %s",
            (self.today, v2.id),
        )
        self.env['ci.sop.version'].invalidate_cache()
        self.env['ci.sop.version']._cron_apply_effective()
        self.assertEqual((v1.state, v2.state), ('superseded', 'approved'))
        self.assertEqual(self.sop.current_version_id, v2)

    def test_only_manager_approves(self):
        """An engineer cannot approve a standard; the version stays in approval."""
        version = self.make_version(approve=False)
        version.sudo(self.engineer_ci).action_submit()
        with self.assertRaises(AccessError):
            version.sudo(self.engineer_ci).action_approve()
        self.assertEqual(version.state, 'approval')

    def test_empty_version_refused(self):
        """An empty version (blank HTML, no attachment) cannot be submitted or
        approved."""
        version = self.make_version('<p><br></p>', approve=False)
        with self.assertRaisesRegex(UserError, 'is empty'):
            version.action_submit()
        self.assertEqual(version.state, 'draft')
        version.content = V1_TEXT
        version.action_submit()
        # in approval the text does not change any more: a blank one stored
        # before that rule existed
        self.env.cr.execute(
            "UPDATE ci_sop_version SET content = '<p> </p>' WHERE id = %s",
            (version.id,),
        )
        version.invalidate_cache()
        with self.assertRaisesRegex(UserError, 'is empty'):
            version.sudo(self.manager_ci).action_approve()
        self.assertEqual(version.state, 'approval')

    def test_attachment_only_version_is_not_empty(self):
        """A procedure attached as a file counts as content."""
        attachment = self.env['ir.attachment'].create(
            {'name': 'sop.pdf', 'datas': 'JVBERi0='}
        )
        version = self.make_version(
            '', attachment_ids=[(6, 0, attachment.ids)]
        )
        self.assertEqual(version.state, 'approved')

    def test_effective_date_before_current_refused(self):
        """A new version cannot take effect before the version in force started."""
        self.make_version(effective=self.days(-5))
        version = self.make_version(
            V2_TEXT, effective=self.days(-6), approve=False
        )
        # as over RPC: the failed call's transaction is rolled back
        with self.assertRaisesRegex(
            ValidationError, r'Effective from %s' % self.days(-6)
        ), self.env.cr.savepoint():
            version.action_submit()
        version.invalidate_cache()
        self.assertEqual(version.state, 'draft')

    def test_approved_version_is_immutable(self):
        """Nothing in an approved version changes, not even for a manager; nor
        can it be deleted."""
        version = self.make_version()
        for vals in (
            {'content': '<p>Other</p>'},
            {'change_summary': 'x'},
            {'date_effective': self.days(5)},
            {'improvement_id': False},
            {'attachment_ids': [(5, 0, 0)]},
        ):
            with self.assertRaisesRegex(UserError, 'nothing in it changes'):
                version.sudo(self.manager_ci).write(vals)
        for vals in (
            {'state': 'draft'},
            {'number': 7},
            {'approver_id': self.user_ci.id},
        ):
            with self.assertRaises(UserError):
                version.sudo(self.manager_ci).write(vals)
        with self.assertRaisesRegex(UserError, 'only a draft'):
            version.sudo(self.manager_ci).unlink()
        version.invalidate_cache()
        self.assertEqual(
            (version.content, version.state, version.number),
            (V1_TEXT, 'approved', 1),
        )

    def test_superseded_version_is_immutable(self):
        """A superseded version is history: it cannot be edited either."""
        v1 = self.make_version(effective=self.days(-3))
        self.make_version(V2_TEXT)
        with self.assertRaisesRegex(UserError, 'nothing in it changes'):
            v1.sudo(self.manager_ci).write({'content': '<p>rewritten</p>'})

    def test_users_read_only_approved_versions(self):
        """Operators read versions in force or past, not drafts; they write none."""
        approved = self.make_version()
        draft = self.make_version(V2_TEXT, approve=False)
        Version = self.env['ci.sop.version'].sudo(self.user_ci)
        self.assertEqual(
            Version.search([('sop_id', '=', self.sop.id)]), approved
        )
        with self.assertRaises(AccessError):
            draft.sudo(self.user_ci).read(['content'])
        with self.assertRaises(AccessError):
            Version.create({'sop_id': self.sop.id, 'content': '<p>mine</p>'})
        with self.assertRaises(AccessError):
            self.env['ci.sop'].sudo(self.user_ci).create(
                {'name': 'x', 'operation_id': self.operation.id}
            )

    def test_compare_highlights_changes(self):
        """The comparison shows removed words struck out and added ones
        highlighted."""
        v1 = self.make_version(effective=self.days(-3))
        v2 = self.make_version(V2_TEXT)
        wizard = (
            self.env['ci.sop.version.compare']
            .sudo(self.user_ci)
            .create({'version_old_id': v1.id, 'version_new_id': v2.id})
        )
        html = wizard.diff_html
        self.assertIn('Stamp brackets v1', html)
        self.assertIn('line-through;">twice.</span>', html)
        self.assertIn('background-color:#d4edda;">once.</span>', html)
        self.assertEqual(html.count('data-kind="equal"'), 1)
        self.assertEqual(html.count('data-kind="changed"'), 2)


class TestSopRollout(CiSopCase):

    def test_adoption_drafts_version_and_approval_standardizes(self):
        """Adopting drafts the next version from the text in force; approving
        it standardizes."""
        v1 = self.make_version(effective=self.days(-30))
        imp = self.adopted_improvement()
        draft = imp.sop_version_ids
        self.assertEqual(len(draft), 1)
        self.assertEqual(
            (draft.sop_id, draft.state, draft.number), (self.sop, 'draft', 2)
        )
        self.assertEqual(draft.content, V1_TEXT)
        self.assertIn(imp.name, draft.change_summary)
        self.assertEqual(imp.state, 'adopted')
        draft.sudo(self.engineer_ci).write({'content': V2_TEXT})
        draft.sudo(self.engineer_ci).action_submit()
        self.assertEqual(imp.state, 'adopted')
        draft.sudo(self.manager_ci).action_approve()
        self.assertEqual(
            (imp.state, imp.pdca_stage), ('standardized', 'closed')
        )
        self.assertTrue(imp.date_standardized)
        self.assertEqual((v1.state, draft.state), ('superseded', 'approved'))

    def test_adoption_creates_sop_when_missing(self):
        """An operation without an SOP gets one, with an empty first draft."""
        self.sop.unlink()
        imp = self.adopted_improvement()
        sop = self.env['ci.sop'].search(
            [('operation_id', '=', self.operation.id)]
        )
        self.assertEqual(sop.name, self.operation.name)
        self.assertEqual(imp.sop_version_ids.sop_id, sop)
        self.assertEqual(imp.sop_version_ids.number, 1)

    def test_adoption_without_operation_says_so(self):
        """No operation: nothing drafted, the chatter explains why."""
        imp = (
            self.env['ci.improvement']
            .sudo(self.manager_ci)
            .create(
                {
                    'title': 'Tidy',
                    'problem': 'Mess',
                    'owner_id': self.manager_ci.id,
                }
            )
        )
        imp.action_submit()
        imp.action_start_review()
        imp.action_approve()
        imp.action_adopt()
        self.assertFalse(imp.sop_version_ids)
        self.assertIn('No operation is set', imp.message_ids[0].body)

    def test_standardized_only_through_approval(self):
        """Nobody moves an improvement to standardized by hand."""
        imp = self.adopted_improvement()
        with self.assertRaises(UserError):
            imp.sudo(self.manager_ci).write({'state': 'standardized'})
        self.assertEqual(imp.state, 'adopted')


class TestSopOnWorkorders(CiSopCase):

    def test_workorders_carry_version_in_force_when_started(self):
        """A work order started under v1 keeps v1 after v2 takes effect; the
        next one gets v2."""
        v1 = self.make_version(effective=self.days(-20))
        now = datetime.datetime.utcnow()
        before = self.record_workorder(
            now - datetime.timedelta(days=3), 60, 60, 10
        )
        self.assertEqual(before.ci_sop_version_id, v1)
        # effective yesterday: the work order finished now started today
        # whatever the hour
        v2 = self.make_version(V2_TEXT, effective=self.days(-1))
        after = self.record_workorder(now, 50, 60, 10)
        before.invalidate_cache()
        self.assertEqual(
            (before.ci_sop_version_id, after.ci_sop_version_id), (v1, v2)
        )
        self.assertEqual((v1.workorder_count, v2.workorder_count), (1, 1))
        self.assertEqual(after.ci_sop_content, V2_TEXT)

    def test_effective_day_is_a_day_of_the_plant(self):
        """An effective date is a day of the user's calendar: a work order
        started at 20:00 UTC on 9 March runs under the version effective on 10
        March in Shanghai (04:00 there), not in UTC.
        """
        v1 = self.make_version(effective='2026-03-01')
        v2 = self.make_version(V2_TEXT, effective='2026-03-10')
        workorder = self.record_workorder(
            datetime.datetime(2026, 3, 9, 21, 0), 60, 60, 10
        )
        self.assertEqual(
            workorder.with_context(tz='UTC')._sop_version_at(
                '2026-03-09 20:00:00'
            ),
            v1,
        )
        self.assertEqual(
            workorder.with_context(tz='Asia/Shanghai')._sop_version_at(
                '2026-03-09 20:00:00'
            ),
            v2,
        )
        self.assertEqual(
            workorder.with_context(tz='Asia/Shanghai')._sop_version_at(
                '2026-03-09 15:59:59'
            ),
            v1,
        )
        self.assertEqual(
            v2.with_context(tz='Asia/Shanghai')._start_utc(),
            '2026-03-09 16:00:00',
        )
        self.assertEqual(
            v2.with_context(tz='America/Chicago')._start_utc(),
            '2026-03-10 05:00:00',
        )
        self.assertEqual(
            v2.with_context(tz='UTC')._start_utc(), '2026-03-10 00:00:00'
        )

    def test_start_button_stamps(self):
        """The operator's Start button stamps the version, once."""
        version = self.make_version(effective=self.days(-1))
        production = self.env['mrp.production'].create(
            {
                'product_id': self.product.id,
                'product_qty': 5,
                'product_uom_id': self.product.uom_id.id,
                'bom_id': self.bom.id,
            }
        )
        production.button_plan()
        workorder = production.workorder_ids.sudo(self.operator)
        self.assertFalse(workorder.ci_sop_version_id)
        workorder.button_start()
        self.assertEqual(workorder.ci_sop_version_id, version)
        self.assertEqual(workorder.action_ci_open_sop()['res_id'], version.id)

    def test_no_version_before_first_standard(self):
        """A work order started before any version took effect carries none."""
        self.make_version(effective=self.days(0))
        workorder = self.record_workorder(
            datetime.datetime.utcnow() - datetime.timedelta(days=5), 60, 60, 10
        )
        self.assertFalse(workorder.ci_sop_version_id)

    def test_product_specific_sop_wins(self):
        """An SOP for the work order's product takes precedence over the
        operation's general one."""
        self.make_version(effective=self.days(-10))
        special = self.env['ci.sop'].create(
            {
                'name': 'Stamp brackets (CI Bracket)',
                'product_id': self.product.id,
                'operation_id': self.operation.id,
            }
        )
        version = self.env['ci.sop.version'].create(
            {
                'sop_id': special.id,
                'content': V2_TEXT,
                'date_effective': self.days(-10),
            }
        )
        version.action_submit()
        version.sudo(self.manager_ci).action_approve()
        workorder = self.record_workorder(
            datetime.datetime.utcnow(), 60, 60, 10
        )
        self.assertEqual(workorder.ci_sop_version_id, version)


class TestSopAcknowledgement(CiSopCase):

    def test_acknowledgement_lists(self):
        """Who acknowledged and who has not: the SOP's operators and those who
        ran work orders."""
        version = self.make_version(effective=self.days(-5))
        runner = self.make_user(
            'ci_test_runner', ['base.group_user', 'mrp.group_mrp_user']
        )
        workorder = self.record_workorder(
            datetime.datetime.utcnow(), 60, 60, 10
        )
        workorder.time_ids.write({'user_id': runner.id})
        version.invalidate_cache()
        self.assertEqual(version.pending_user_ids, self.operator | runner)
        version.sudo(self.operator).action_acknowledge()
        version.sudo(self.operator).action_acknowledge()  # twice: still one
        version.invalidate_cache()
        self.assertEqual(version.acknowledged_user_ids, self.operator)
        self.assertEqual(version.pending_user_ids, runner)
        self.assertEqual(len(version.acknowledgement_ids), 1)
        self.assertTrue(version.sudo(self.operator).is_acknowledged)
        self.assertFalse(version.sudo(runner).is_acknowledged)
        workorder.sudo(runner).action_ci_acknowledge_sop()
        version.invalidate_cache()
        self.assertFalse(version.pending_user_ids)

    def test_audience_follows_the_time_logs(self):
        """Whoever logs time on a work order under the version joins its
        audience, however the log or the stamp is written (ORM or SQL, the
        log before the stamp); a log on another company's work center does
        not; the recorded runners are what the time logs say."""
        version = self.make_version(effective=self.days(-5))
        users = [
            self.make_user(
                'ci_test_runner_%d' % i,
                ['base.group_user', 'mrp.group_mrp_user'],
            )
            for i in range(3)
        ]
        workorder = self.record_workorder(
            datetime.datetime.utcnow(), 60, 60, 10
        )
        self.env['mrp.workcenter.productivity'].create(
            {
                'workcenter_id': self.workcenter.id,
                'workorder_id': workorder.id,
                'user_id': users[0].id,
                'loss_id': self.loss_productive.id,
                'date_start': fields.Datetime.now(),
                'date_end': fields.Datetime.now(),
            }
        )
        self.env.cr.execute(
            "UPDATE mrp_workcenter_productivity SET user_id = %s WHERE id = %s",
            (users[1].id, workorder.time_ids[0].id),
        )
        # a work order whose logs came before its version was stamped
        late = self.record_workorder(datetime.datetime.utcnow(), 30, 30, 5)
        self.env.cr.execute(
            "UPDATE mrp_workorder SET ci_sop_version_id = NULL WHERE id = %s",
            (late.id,),
        )
        late.time_ids.write({'user_id': users[2].id})
        self.env.cr.execute(
            "UPDATE mrp_workorder SET ci_sop_version_id = %s WHERE id = %s",
            (version.id, late.id),
        )
        # another company's work center: not this version's audience
        other = self.env['res.company'].create({'name': 'CI Other Plant'})
        self.env.cr.execute(
            "UPDATE mrp_workcenter SET company_id = %s WHERE id = %s",
            (other.id, self.workcenter.id),
        )
        outsider = self.make_user(
            'ci_test_outsider', ['base.group_user', 'mrp.group_mrp_user']
        )
        self.env['mrp.workcenter.productivity'].create(
            {
                'workcenter_id': self.workcenter.id,
                'workorder_id': workorder.id,
                'user_id': outsider.id,
                'loss_id': self.loss_productive.id,
                'date_start': fields.Datetime.now(),
                'date_end': fields.Datetime.now(),
            }
        )
        self.env.cr.execute(
            "UPDATE mrp_workcenter SET company_id = %s WHERE id = %s",
            (self.company.id, self.workcenter.id),
        )
        version.invalidate_cache()
        Runner = self.env['ci.sop.version.runner']
        runners = Runner.search(
            [('version_id', '=', version.id), ('log_count', '>', 0)]
        ).mapped('user_id')
        # what the time logs say (the log record_workorder made, its user
        # corrected, not the outsider)
        self.env.cr.execute(
            """
            SELECT p.user_id, count(*) FROM mrp_workcenter_productivity p
              JOIN mrp_workorder wo ON wo.id = p.workorder_id
             WHERE wo.ci_sop_version_id = %s AND p.user_id IS NOT NULL AND
                 p.user_id != %s
             GROUP BY 1""",
            (version.id, outsider.id),
        )
        expected = dict(self.env.cr.fetchall())
        self.assertEqual(
            runners, self.env['res.users'].browse(sorted(expected))
        )
        self.assertIn(users[1], runners)
        self.assertIn(users[2], runners)
        self.assertEqual(
            {
                r.user_id.id: r.log_count
                for r in Runner.search(
                    [('version_id', '=', version.id), ('log_count', '>', 0)]
                )
            },
            expected,
        )
        # a log deleted, a work order gone: their counts go with them
        self.env.cr.execute(
            "DELETE FROM mrp_workcenter_productivity WHERE workorder_id = %s",
            (late.id,),
        )
        Runner.invalidate_cache()
        runners = Runner.search(
            [('version_id', '=', version.id), ('log_count', '>', 0)]
        ).mapped('user_id')
        self.assertNotIn(users[2], runners)
        version.invalidate_cache()
        self.assertEqual(version.pending_user_ids, self.operator | runners)
        with self.assertRaises(UserError):
            self.env['ci.sop.version.runner'].create(
                {'version_id': version.id, 'user_id': outsider.id}
            )

    def test_nobody_acknowledges_for_another(self):
        """Acknowledging is personal: creating one in another's name is refused."""
        version = self.make_version()
        with self.assertRaises(AccessError), self.env.cr.savepoint():
            self.env['ci.sop.acknowledgement'].sudo(self.manager_ci).create(
                {'version_id': version.id, 'user_id': self.operator.id}
            )
        version.invalidate_cache()
        self.assertFalse(version.acknowledgement_ids)

    def test_draft_cannot_be_acknowledged(self):
        """There is nothing to acknowledge before approval."""
        version = self.make_version(approve=False)
        with self.assertRaisesRegex(UserError, 'not approved yet'):
            version.sudo(self.engineer_ci).action_acknowledge()


class TestSopReview(CiSopCase):

    def due_sop(self):
        self.sop.review_interval = 12
        effective = fields.Date.to_string(
            fields.Date.from_string(self.today) - relativedelta(months=13)
        )
        self.make_version(effective=effective)
        return fields.Date.to_string(
            fields.Date.from_string(self.today) - relativedelta(months=1)
        )

    def test_review_job_is_idempotent(self):
        """Run twice, the job opens one review with one to-do for the responsible."""
        due = self.due_sop()
        self.assertEqual(self.sop.date_next_review, due)
        self.assertTrue(self.sop.is_review_overdue)
        Review = self.env['ci.sop.review']
        first = Review._cron_review_due()
        second = Review._cron_review_due()
        reviews = Review.search([('sop_id', '=', self.sop.id)])
        self.assertEqual((len(first), len(second), len(reviews)), (1, 0, 1))
        self.assertEqual(
            (reviews.date_due, reviews.state, reviews.version_id),
            (due, 'open', self.sop.current_version_id),
        )
        self.assertEqual(reviews.activity_ids.user_id, self.engineer_ci)
        self.assertIn(reviews, Review.search([('is_overdue', '=', True)]))

    def test_confirm_moves_next_review(self):
        """Confirming closes the review and schedules the next one an interval
        later."""
        self.due_sop()
        review = self.env['ci.sop.review']._cron_review_due()
        review.sudo(self.engineer_ci).action_confirm()
        self.assertEqual(
            (review.state, review.user_id, review.date_done),
            ('confirmed', self.engineer_ci, self.today),
        )
        self.assertFalse(review.activity_ids)
        expected = fields.Date.to_string(
            fields.Date.from_string(self.today) + relativedelta(months=12)
        )
        self.assertEqual(self.sop.date_next_review, expected)
        self.assertFalse(self.env['ci.sop.review']._cron_review_due())
        with self.assertRaisesRegex(UserError, 'already done'):
            review.sudo(self.engineer_ci).action_confirm()

    def test_revise_drafts_new_version(self):
        """Revising drafts the next version from the text in force."""
        self.due_sop()
        review = self.env['ci.sop.review']._cron_review_due()
        review.note = 'Burr check is obsolete'
        review.sudo(self.engineer_ci).action_revise()
        self.assertEqual(review.state, 'revised')
        draft = review.new_version_id
        self.assertEqual(
            (draft.state, draft.number, draft.content), ('draft', 2, V1_TEXT)
        )
        self.assertIn('Burr check is obsolete', draft.change_summary)

    def test_user_cannot_close_review(self):
        """Only engineers record a review's outcome."""
        self.due_sop()
        review = self.env['ci.sop.review']._cron_review_due()
        with self.assertRaises((AccessError, UserError)):
            review.sudo(self.user_ci).action_confirm()
        self.assertEqual(review.state, 'open')

    def test_negative_interval_refused(self):
        """A negative review interval names the field and the value."""
        with self.assertRaisesRegex(
            ValidationError, r'Review every \(months\).*-3'
        ):
            self.sop.write({'review_interval': -3})
