# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import re

from odoo.exceptions import ValidationError

from .common import CiCase


class TestCiPublicUrl(CiCase):
    """The server's public address: a setting, used by QR labels and mail links."""

    def setUp(self):
        super(TestCiPublicUrl, self).setUp()
        self.params = self.env['ir.config_parameter']
        self.params.set_param('web.base.url', 'http://localhost:8069')
        self.params.set_param('ci_process.public_url', False)
        self.wc = self.env['mrp.workcenter'].create({'name': 'URL Press'})

    def test_falls_back_to_web_base_url(self):
        """Without a public address the label encodes web.base.url's station."""
        self.assertEqual(
            self.wc.sudo(self.user_ci).ci_capture_url(),
            'http://localhost:8069/ci/station?workcenter=%d' % self.wc.id,
        )

    def test_settings_set_the_public_address(self):
        """Saving General Settings stores the address; labels use it."""
        settings = self.env['res.config.settings'].create(
            {'ci_public_url': 'http://192.168.1.20:8069/'}
        )
        settings.execute()
        self.assertEqual(
            self.params.get_param('ci_process.public_url'),
            'http://192.168.1.20:8069/',
        )
        self.assertEqual(
            self.env['res.config.settings'].default_get(['ci_public_url'])[
                'ci_public_url'
            ],
            'http://192.168.1.20:8069/',
        )
        # read by a CI User, who may not read system parameters
        self.assertEqual(
            self.wc.sudo(self.user_ci).ci_capture_url(),
            'http://192.168.1.20:8069/ci/station?workcenter=%d' % self.wc.id,
        )

    def test_bad_address_refused(self):
        """An address that is no http(s) URL is refused, naming the value."""
        for value in (
            '192.168.1.20:8069',
            'ftp://plant',
            'http://',
            'http://plant/?x=1',
        ):
            with self.assertRaisesRegex(
                ValidationError, re.escape('Public Address: %r' % value)
            ):
                self.env['res.config.settings'].create(
                    {'ci_public_url': value}
                )

    def test_mail_links_of_ci_records_use_the_public_address(self):
        """A notification of a CI record links to the public address, others to
        web.base.url."""
        self.params.set_param(
            'ci_process.public_url', 'https://ci.plant.example.com'
        )
        template = self.env['mail.template']
        html = (
            '<p><a href="/mail/view?model=ci.improvement'
            '&amp;res_id=1">View</a></p>'
        )
        ci_html = template.with_context(
            ci_public_url='https://ci.plant.example.com'
        )._replace_local_links(html)
        self.assertIn(
            'href="https://ci.plant.example.com/mail/view?model=ci.improvement',
            ci_html,
        )
        self.assertIn(
            'href="http://localhost:8069/mail/view',
            template._replace_local_links(html),
        )
        # the notification context of a CI record's message carries it;
        # another's does not
        partner = self.user_ci.partner_id
        imp = self.env['ci.improvement'].create(
            {'title': 'Link test', 'problem': 'Links lead nowhere'}
        )
        ci_message = self.env['mail.message'].create(
            {'model': 'ci.improvement', 'res_id': imp.id, 'body': 'x'}
        )
        other = self.env['mail.message'].create(
            {'model': 'res.partner', 'res_id': partner.id, 'body': 'x'}
        )
        self.assertEqual(
            partner._notify_prepare_template_context(ci_message)[
                'ci_public_url'
            ],
            'https://ci.plant.example.com',
        )
        self.assertNotIn(
            'ci_public_url', partner._notify_prepare_template_context(other)
        )

    def test_operators_land_on_the_station(self):
        """Only users whose one role is CI User have the station as home."""
        self.assertTrue(self.user_ci._ci_is_station_user())
        self.assertFalse(self.engineer_ci._ci_is_station_user())
        self.assertFalse(self.manager_ci._ci_is_station_user())
        self.assertFalse(self.env.ref('base.user_root')._ci_is_station_user())
        mrp_operator = self.make_user(
            'ci_test_mrp_operator', ['base.group_user', 'mrp.group_mrp_user']
        )
        self.assertFalse(mrp_operator._ci_is_station_user())
