# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError, UserError

from odoo.addons.ci_process.models.ci_improvement import STATES, TRANSITIONS

from .common import CiCase

METHOD = {
    'submitted': 'action_submit',
    'review': 'action_start_review',
    'approved': 'action_approve',
    'pilot': 'action_start_pilot',
    'adopted': 'action_adopt',
    'rejected': 'action_reject',
    'withdrawn': 'action_withdraw',
    'draft': 'action_reopen',
    # not a button: the approval of the SOP version drafted from it calls it
    'standardized': '_standardize',
}
# how to bring a fresh improvement into each state, through legal moves
PATH = {
    'draft': [],
    'submitted': ['submitted'],
    'review': ['submitted', 'review'],
    'approved': ['submitted', 'review', 'approved'],
    'pilot': ['submitted', 'review', 'approved', 'pilot'],
    'adopted': ['submitted', 'review', 'approved', 'pilot', 'adopted'],
    'standardized': [
        'submitted',
        'review',
        'approved',
        'pilot',
        'adopted',
        'standardized',
    ],
    'rejected': ['submitted', 'rejected'],
    'withdrawn': ['withdrawn'],
}


class TestCiTransitions(CiCase):
    """Every transition of the table, legal ones by the lowest role allowed,
    every other pair refused."""

    def user_for(self, group):
        return {
            None: self.user_ci,
            'ci_process.group_ci_engineer': self.engineer_ci,
            'ci_process.group_ci_manager': self.manager_ci,
        }[group]

    def call(self, imp, state, user):
        if state == 'approved' and imp.state == 'review' and not imp.owner_id:
            # the reviewer names the owner before approving
            imp.sudo(self.engineer_ci).write({'owner_id': self.engineer_ci.id})
        rec = imp.sudo(user)
        if state == 'rejected':
            return rec.action_reject(reason='not now')
        return getattr(rec, METHOD[state])()

    def improvement_in(self, state):
        imp = (
            self.env['ci.improvement']
            .sudo(self.user_ci)
            .create({'title': 'T', 'problem': 'P'})
        )
        current = 'draft'
        for step in PATH[state]:
            self.call(imp, step, self.user_for(TRANSITIONS[current][step]))
            current = step
        self.assertEqual(imp.state, state)
        return imp

    def test_every_legal_transition_by_the_lowest_role(self):
        for source, targets in TRANSITIONS.items():
            for target, group in targets.items():
                imp = self.improvement_in(source)
                self.call(imp, target, self.user_for(group))
                self.assertEqual(
                    imp.state, target, '%s -> %s' % (source, target)
                )

    def test_roles_below_the_required_one_are_refused(self):
        lower = {
            'ci_process.group_ci_engineer': [self.user_ci],
            'ci_process.group_ci_manager': [self.user_ci, self.engineer_ci],
        }
        for source, targets in TRANSITIONS.items():
            for target, group in targets.items():
                for user in lower.get(group, []):
                    imp = self.improvement_in(source)
                    with self.assertRaises(
                        AccessError,
                        msg='%s -> %s by %s' % (source, target, user.login),
                    ):
                        self.call(imp, target, user)
                    self.assertEqual(imp.state, source)

    def test_every_other_pair_is_refused(self):
        states = [s for s, _label in STATES]
        for source in states:
            for target in states:
                if target == source or target in TRANSITIONS[source]:
                    continue
                imp = self.improvement_in(source)
                # even a manager cannot make a move the workflow does not have
                # (a draft: the superuser, as the role is checked before the move)
                user = self.manager_ci if source != 'draft' else self.env.user
                with self.assertRaises(
                    UserError, msg='%s -> %s' % (source, target)
                ):
                    self.call(imp, target, user)
                self.assertEqual(imp.state, source)
