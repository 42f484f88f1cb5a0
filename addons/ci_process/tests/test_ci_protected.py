# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo.exceptions import AccessError, UserError

from .test_ci_sop import V1_TEXT, CiSopCase


class TestProtectedFields(CiSopCase):
    """The fields a workflow owns: never from the caller, whatever the way in."""

    def new_idea(self, user=None, **vals):
        return (
            self.env['ci.improvement']
            .sudo(user or self.user_ci)
            .create(
                dict(
                    {'title': 'Guard', 'problem': 'Fingers near the die'},
                    **vals,
                )
            )
        )

    def assert_refused(self, record, vals, exception=(UserError, AccessError)):
        before = record.sudo().read(list(vals))[0]
        with self.assertRaises(exception):
            record.write(vals)
        record.invalidate_cache()
        self.assertEqual(record.sudo().read(list(vals))[0], before)

    def test_state_in_create_values_is_refused(self):
        """create({'state': 'approved'}) is refused, naming the field and the
        value."""
        with self.assertRaises(UserError) as err:
            self.new_idea(state='approved')
        self.assertIn("State = 'approved'", err.exception.name)
        self.assertFalse(
            self.env['ci.improvement'].search([('title', '=', 'Guard')])
        )

    def test_context_default_is_ignored(self):
        """default_state in the context does not reach the record: it starts in
        draft."""
        Imp = (
            self.env['ci.improvement']
            .sudo(self.user_ci)
            .with_context(
                default_state='approved',
                default_date_submitted='2001-01-01 00:00:00',
                default_submitter_id=self.manager_ci.id,
            )
        )
        imp = Imp.create({'title': 'Guard', 'problem': 'Fingers near the die'})
        self.assertEqual(imp.state, 'draft')
        self.assertFalse(imp.date_submitted)
        self.assertEqual(imp.submitter_id, self.user_ci)
        self.assertEqual(
            Imp.default_get(['state', 'submitter_id']),
            {'state': 'draft', 'submitter_id': self.user_ci.id},
        )

    def test_user_default_is_ignored(self):
        """A user default (ir.default) of a protected field is ignored too."""
        self.env['ir.default'].sudo(self.engineer_ci).set(
            'ci.sop.version', 'state', 'approved', user_id=True
        )
        version = (
            self.env['ci.sop.version']
            .sudo(self.engineer_ci)
            .create({'sop_id': self.sop.id, 'content': V1_TEXT})
        )
        self.assertEqual(version.state, 'draft')

    def test_owner_and_reviewer_are_the_engineers(self):
        """The submitter cannot make themselves owner or reviewer of their idea."""
        imp = self.new_idea()
        imp.action_submit()
        self.assert_refused(imp, {'owner_id': self.user_ci.id}, AccessError)
        self.assert_refused(imp, {'reviewer_id': self.user_ci.id}, AccessError)
        self.assert_refused(
            imp, {'member_ids': [(6, 0, self.user_ci.ids)]}, AccessError
        )
        imp.sudo(self.engineer_ci).write({'owner_id': self.engineer_ci.id})
        self.assertEqual(imp.owner_id, self.engineer_ci)

    def test_workflow_dates_refused_in_every_state(self):
        """Dates the transitions set stay theirs in every state."""
        imp = self.new_idea()
        for step in (None, 'action_submit', 'action_start_review'):
            if step:
                getattr(
                    imp.sudo(
                        self.engineer_ci
                        if step == 'action_start_review'
                        else self.user_ci
                    ),
                    step,
                )()
            for field in ('date_submitted', 'date_state', 'date_closed'):
                self.assert_refused(
                    imp.sudo(self.engineer_ci), {field: '2001-01-01 00:00:00'}
                )

    def test_copy_starts_from_the_workflow_start(self):
        """A copy is a new draft; copy(default={'state': ...}) is refused."""
        imp = self.new_idea()
        imp.action_submit()
        copy = imp.copy()
        self.assertEqual((copy.state, copy.date_submitted), ('draft', False))
        self.assertNotEqual(copy.name, imp.name)
        with self.assertRaises(UserError):
            imp.copy(default={'state': 'approved'})

    def test_computed_fields_are_not_written(self):
        """A stored computed or related field is the suite's, not the caller's."""
        version = self.make_version(approve=False)
        self.assert_refused(
            version.sudo(self.engineer_ci), {'name': 'Forged v9'}
        )
        self.assert_refused(
            version.sudo(self.engineer_ci), {'workcenter_id': False}
        )

    def test_grant_is_not_handed_back(self):
        """What a workflow creates reaches the caller without the workflow's right."""
        version = (
            self.env['ci.sop.version']
            .sudo(self.engineer_ci)
            .create({'sop_id': self.sop.id, 'content': V1_TEXT})
        )
        self.assertFalse(version._is_workflow())
        with self.assertRaises(UserError):
            version.write({'state': 'approved'})


class TestFrozenRecords(CiSopCase):
    """What was approved, logged or acknowledged stays as it was."""

    def test_approved_version_frozen_for_everyone(self):
        """Even the superuser cannot rewrite or delete an approved version."""
        version = self.make_version()
        for user in (self.engineer_ci, self.manager_ci):
            with self.assertRaises(UserError):
                version.sudo(user).write({'content': '<p>Forged</p>'})
        with self.assertRaises(UserError):
            version.write({'change_summary': 'Forged'})
        with self.assertRaises(UserError):
            version.unlink()
        self.assertEqual(version.content, V1_TEXT)

    def test_text_in_approval_does_not_change(self):
        """The text the manager is asked to approve does not change under them."""
        version = self.make_version(approve=False)
        version.sudo(self.engineer_ci).action_submit()
        with self.assertRaises(UserError):
            version.sudo(self.engineer_ci).write(
                {'content': '<p>Something else</p>'}
            )
        version.sudo(self.engineer_ci).action_back_to_draft()
        version.sudo(self.engineer_ci).write(
            {'content': '<p>Something else</p>'}
        )

    def test_version_stays_with_its_sop(self):
        """A version cannot be moved to another SOP."""
        other = self.env['ci.sop'].create(
            {'name': 'Other', 'operation_id': self.operation.id}
        )
        version = self.make_version(approve=False)
        with self.assertRaises(UserError):
            version.sudo(self.engineer_ci).write({'sop_id': other.id})
        self.assertEqual(version.sop_id, self.sop)

    def test_attachments_of_an_approved_version(self):
        """Its files refuse write and unlink; the next draft gets copies it may
        change."""
        attachment = (
            self.env['ir.attachment']
            .sudo(self.engineer_ci)
            .create(
                {
                    'name': 'drawing.txt',
                    'datas': base64.b64encode(b'v1 drawing'),
                    'datas_fname': 'drawing.txt',
                }
            )
        )
        version = self.make_version(attachment_ids=[(6, 0, attachment.ids)])
        with self.assertRaises(UserError):
            attachment.sudo(self.engineer_ci).write(
                {'datas': base64.b64encode(b'forged')}
            )
        with self.assertRaises(UserError):
            attachment.sudo(self.engineer_ci).unlink()
        draft = self.sop.sudo(self.engineer_ci)._new_draft()
        self.assertTrue(draft.attachment_ids)
        self.assertFalse(draft.attachment_ids & version.attachment_ids)
        self.assertEqual(
            base64.b64decode(draft.attachment_ids.datas), b'v1 drawing'
        )
        draft.attachment_ids.write({'datas': base64.b64encode(b'v2 drawing')})
        attachment.invalidate_cache()
        self.assertEqual(base64.b64decode(attachment.datas), b'v1 drawing')

    def test_acknowledgement_made_by_the_button_only(self):
        """No acknowledgement dated 2001, nor in someone else's name: the
        button makes it, now."""
        version = self.make_version()
        Ack = self.env['ci.sop.acknowledgement'].sudo(self.operator)
        with self.assertRaises(AccessError):
            Ack.create(
                {
                    'version_id': version.id,
                    'user_id': self.operator.id,
                    'date': '2001-01-01 00:00:00',
                }
            )
        with self.assertRaises(AccessError):
            Ack.with_context(default_date='2001-01-01 00:00:00').create(
                {'version_id': version.id}
            )
        version.sudo(self.operator).action_acknowledge()
        ack = version.acknowledgement_ids
        self.assertEqual(ack.user_id, self.operator)
        self.assertGreater(ack.date, '2002-01-01')
        # the operator has no right to change it; nor has the superuser
        with self.assertRaises(AccessError):
            ack.sudo(self.operator).write({'date': '2001-01-01 00:00:00'})
        with self.assertRaises(UserError):
            ack.write({'date': '2001-01-01 00:00:00'})
        with self.assertRaises(UserError):
            ack.unlink()
        self.assertGreater(ack.date, '2002-01-01')
