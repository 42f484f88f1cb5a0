# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import ValidationError

from .common import IncentiveCase


class TestPointEvents(IncentiveCase):
    """Each event of the process awards the rule's points to its recipients, once."""

    def test_submitted(self):
        """Submitting awards the submitter, with the team of the work center; a
        draft earns nothing."""
        rule = self.rule('submitted', 5)
        imp = self.new_improvement()
        self.assertFalse(self.entries(rule))
        imp.action_submit()
        entry = self.entries(rule)
        self.assertEqual(
            (entry.user_id, entry.points, entry.kind, entry.team_id),
            (self.user_ci, 5, 'award', self.team_press),
        )
        self.assertEqual(
            (entry.res_model, entry.res_id, entry.date, entry.company_id),
            ('ci.improvement', imp.id, self.today, self.company),
        )
        # withdrawn, reopened and submitted again: still one award
        imp.action_withdraw()
        imp.action_reopen()
        imp.action_submit()
        self.assertEqual(len(self.entries(rule)), 1)

    def test_team_follows_the_work_center(self):
        """Points earned on the other team's work center count for that team."""
        rule = self.rule('submitted', 5)
        imp = self.submitted(operation=self.operation2)
        self.assertEqual(
            self.entries(rule, res_id=imp.id).team_id, self.team_other
        )

    def test_inactive_and_other_company_rules_award_nothing(self):
        rule = self.rule('submitted', 5)
        rule.active = False
        other = self.env['res.company'].create({'name': 'Other Plant'})
        self.env['ci.point.rule'].create(
            {
                'name': 'Theirs',
                'event': 'submitted',
                'points': 7,
                'company_id': other.id,
            }
        )
        self.submitted()
        self.assertFalse(
            self.env['ci.point.entry'].search(
                [('user_id', '=', self.user_ci.id)]
            )
        )

    def test_approved(self):
        """Approval awards the owner; a rejected improvement earns no approval
        points."""
        rule = self.rule('approved', 10, recipient='owner')
        imp = self.approved()
        entry = self.entries(rule)
        self.assertEqual(
            (entry.user_id, entry.points, entry.res_id),
            (self.engineer_ci, 10, imp.id),
        )
        # the engineer leads the press team without being a member: it counts
        self.assertEqual(entry.team_id, self.team_press)
        rejected = self.submitted().sudo(self.engineer_ci)
        rejected.action_reject(reason='Not feasible')
        self.assertFalse(self.entries(rule, res_id=rejected.id))

    def test_members_and_reviewer(self):
        members = self.rule('approved', 3, recipient='members')
        reviewer = self.rule('approved', 4, recipient='reviewer')
        self.approved()
        self.assertEqual(self.entries(members).mapped('user_id'), self.member)
        self.assertEqual(
            self.entries(reviewer).mapped('user_id'), self.engineer_ci
        )

    def test_pilot_completed_any_verdict(self):
        """An abandoned pilot with no significant change still earns the
        completion points;
        no impact points; extending is not completing."""
        done = self.rule('pilot_completed', 8, recipient='members')
        impact = self.rule(
            'impact_verified', 0, recipient='submitter', points_per_unit=0.01
        )
        imp = self.approved()
        pilot = self.no_change_pilot(imp)
        self.assertEqual(pilot.verdict, 'no_change')
        pilot.action_extend()
        self.assertFalse(self.entries(done))
        pilot.action_evaluate()
        pilot.write({'decision_note': 'No measurable gain'})
        pilot.action_abandon()
        entry = self.entries(done)
        self.assertEqual(
            (entry.user_id, entry.points, entry.res_model, entry.res_id),
            (self.member, 8, 'ci.pilot', pilot.id),
        )
        self.assertFalse(self.entries(impact))

    def test_impact_verified_per_unit_of_benefit(self):
        """An adopted pilot that improved: fixed points plus points per unit of
        yearly benefit."""
        impact = self.rule(
            'impact_verified', 10, recipient='owner', points_per_unit=0.01
        )
        imp = self.approved()
        pilot = self.pilot(imp)
        self.assertEqual(pilot.verdict, 'improved')
        self.assertFalse(self.entries(impact))  # evaluated is not yet verified
        pilot.action_adopt()
        benefit = pilot.benefit_annual
        self.assertGreater(benefit, 0)
        entry = self.entries(impact)
        self.assertEqual(entry.user_id, self.engineer_ci)
        self.assertEqual(entry.points, 10 + int(benefit * 0.01 + 0.5))

    def test_no_impact_points_without_improvement(self):
        """Adopting a pilot that showed no significant change verifies no impact."""
        impact = self.rule('impact_verified', 10, points_per_unit=0.01)
        done = self.rule('pilot_completed', 2)
        pilot = self.no_change_pilot(self.approved())
        pilot.action_adopt()
        self.assertFalse(self.entries(impact))
        self.assertEqual(self.entries(done).points, 2)

    def test_standardized(self):
        """Points when the SOP version is approved, not at adoption."""
        rule = self.rule('standardized', 20, recipient='members')
        imp = self.approved()
        imp.sudo(self.manager_ci).action_adopt()
        self.assertFalse(self.entries(rule))
        self.standardize(imp)
        self.assertEqual(imp.state, 'standardized')
        self.assertEqual(self.entries(rule).mapped('user_id'), self.member)

    def test_team_recipient_writes_a_team_entry(self):
        rule = self.rule('standardized', 50, recipient='team')
        imp = self.approved()
        imp.sudo(self.manager_ci).action_adopt()
        self.standardize(imp)
        entry = self.entries(rule)
        self.assertEqual(
            (entry.user_id.id, entry.team_id, entry.points),
            (False, self.team_press, 50),
        )

    def test_sop_review_done(self):
        """Confirming a review awards its reviewer; an open review earns nothing."""
        rule = self.rule('sop_review_done', 6, recipient='reviewer')
        owner_rule = self.rule('sop_review_done', 1, recipient='owner')
        sop = self.env['ci.sop'].create(
            {
                'name': 'Stamp',
                'operation_id': self.operation.id,
                'owner_id': self.manager_ci.id,
            }
        )
        # opened as the review job opens it
        Review = self.env['ci.sop.review']
        review = (
            Review._workflow()
            .create({'sop_id': sop.id, 'date_due': self.today})
            .with_env(Review.env)
        )
        self.assertFalse(self.entries(rule))
        review.sudo(self.engineer_ci).action_confirm()
        entry = self.entries(rule)
        self.assertEqual(
            (entry.user_id, entry.points, entry.res_model),
            (self.engineer_ci, 6, 'ci.sop.review'),
        )
        self.assertEqual(self.entries(owner_rule).user_id, self.manager_ci)


class TestReuse(IncentiveCase):
    """Adopting another operation's standard credits that standard's authors."""

    def original_standard(self):
        imp = self.approved()
        imp.sudo(self.manager_ci).action_adopt()
        return imp, self.standardize(imp)

    def test_reuse_credits_original_people(self):
        submitter = self.rule('reuse', 15, recipient='submitter')
        members = self.rule('reuse', 5, recipient='members')
        team = self.rule('reuse', 30, recipient='team')
        original, version = self.original_standard()
        self.assertFalse(self.entries(submitter))
        adopting = self.approved(
            operation=self.operation2,
            user=self.member,
            member_ids=[(5, 0, 0)],
            reused_version_id=version.id,
        )
        adopting.sudo(self.manager_ci).action_adopt()
        self.assertFalse(
            self.entries(submitter)
        )  # credited when the reuse is standardized
        self.standardize(adopting)
        entry = self.entries(submitter)
        # the original's submitter, for the adopting improvement
        self.assertEqual(
            (entry.user_id, entry.points, entry.res_id),
            (self.user_ci, 15, adopting.id),
        )
        self.assertEqual(entry.team_id, self.team_press)
        self.assertEqual(self.entries(members).user_id, self.member)
        self.assertEqual(
            (self.entries(team).team_id, self.entries(team).user_id.id),
            (self.team_press, False),
        )
        self.assertEqual(original.state, 'standardized')

    def test_no_reuse_no_credit(self):
        rule = self.rule('reuse', 15)
        self.original_standard()
        adopting = self.approved(operation=self.operation2)
        adopting.sudo(self.manager_ci).action_adopt()
        self.standardize(adopting)
        self.assertFalse(self.entries(rule))

    def test_author_credited_when_standard_had_no_improvement(self):
        rule = self.rule('reuse', 15, recipient='owner')
        sop = self.env['ci.sop'].create(
            {'name': 'Stamp', 'operation_id': self.operation.id}
        )
        version = (
            self.env['ci.sop.version']
            .sudo(self.engineer_ci)
            .create({'sop_id': sop.id, 'content': '<p>Press once.</p>'})
        )
        version.action_submit()
        version.sudo(self.manager_ci).action_approve()
        adopting = self.approved(
            operation=self.operation2, reused_version_id=version.id
        )
        adopting.sudo(self.manager_ci).action_adopt()
        self.standardize(adopting)
        self.assertEqual(self.entries(rule).user_id, self.engineer_ci)

    def test_reuse_must_be_another_operation_approved_standard(self):
        _original, version = self.original_standard()
        with self.assertRaises(
            ValidationError
        ) as err, self.env.cr.savepoint():
            self.new_improvement(reused_version_id=version.id)
        self.assertIn(version.display_name, str(err.exception))
        self.assertIn('same operation', str(err.exception))
        draft = version.sop_id._new_draft()
        with self.assertRaises(
            ValidationError
        ) as err, self.env.cr.savepoint():
            self.new_improvement(
                operation=self.operation2,
                title='Reuse draft',
                reused_version_id=draft.id,
            )
        self.assertIn(draft.display_name, str(err.exception))
        self.assertFalse(
            self.env['ci.improvement'].search([('title', '=', 'Reuse draft')])
        )


class TestCaps(IncentiveCase):
    """A cap limits a rule's points per person and period; the last award is cut."""

    def test_cap_cuts_then_stops(self):
        rule = self.rule('submitted', 30, cap_points=70, cap_period='month')
        imps = [self.submitted(title='Idea %d' % i) for i in range(4)]
        points = [self.entries(rule, res_id=imp.id).points for imp in imps]
        # 30 + 30 + 10 (cut) and then nothing: no zero entry
        self.assertEqual(points, [30, 30, 10, 0])
        self.assertEqual(len(self.entries(rule)), 3)
        self.assertIn(
            'cap of 70', self.entries(rule, res_id=imps[2].id).description
        )

    def test_cap_per_person_and_period(self):
        rule = self.rule('submitted', 30, cap_points=40, cap_period='quarter')
        imps = [self.new_improvement(title='Idea %d' % i) for i in range(4)]
        rule._grant(imps[0], users=self.user_ci, date='2026-01-15')
        rule._grant(imps[1], users=self.user_ci, date='2026-03-31')
        # next quarter: the cap starts again; another person has their own cap
        rule._grant(imps[2], users=self.user_ci, date='2026-04-01')
        rule._grant(
            imps[3], users=self.user_ci | self.member, date='2026-02-01'
        )
        got = {(e.res_id, e.user_id.id): e.points for e in self.entries(rule)}
        self.assertEqual(
            got,
            {
                (imps[0].id, self.user_ci.id): 30,
                (imps[1].id, self.user_ci.id): 10,
                (imps[2].id, self.user_ci.id): 30,
                (imps[3].id, self.member.id): 30,
            },
        )

    def test_reversal_gives_room_back(self):
        rule = self.rule('submitted', 30, cap_points=30)
        first = self.submitted(title='First')
        self.entries(rule, res_id=first.id).sudo(self.manager_ci)._reverse(
            'Duplicate idea'
        )
        second = self.submitted(title='Second')
        self.assertEqual(self.entries(rule, res_id=second.id).points, 30)

    def test_idempotent(self):
        rule = self.rule('submitted', 30)
        imp = self.submitted()
        again = self.env['ci.point.rule']._award('submitted', imp)
        self.assertFalse(again)
        self.assertEqual(len(self.entries(rule)), 1)


class TestRuleConfiguration(IncentiveCase):
    """Bad rule settings are refused with the field and the value; nothing is
    written."""

    def test_bad_values(self):
        Rule = self.env['ci.point.rule'].sudo(self.manager_ci)
        cases = [
            ({'points': -5}, 'Points', '-5'),
            ({'cap_points': -1}, 'Cap (points)', '-1'),
            (
                {'event': 'impact_verified', 'points_per_unit': -0.5},
                'Points per unit of benefit',
                '-0.5',
            ),
            (
                {'event': 'submitted', 'points_per_unit': 0.5},
                'Points per unit of benefit',
                '0.5',
            ),
            ({'points': 0}, 'Points', '0'),
        ]
        for vals, field, value in cases:
            with self.assertRaises(
                ValidationError
            ) as err, self.env.cr.savepoint():
                Rule.create(
                    dict(
                        {
                            'name': 'Bad rule',
                            'event': 'submitted',
                            'points': 5,
                        },
                        **vals,
                    )
                )
            self.assertIn(field, str(err.exception))
            self.assertIn(value, str(err.exception))
        self.assertFalse(
            Rule.with_context(active_test=False).search(
                [('name', '=', 'Bad rule')]
            )
        )
