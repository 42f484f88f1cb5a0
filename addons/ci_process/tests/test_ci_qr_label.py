# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import glob
import os
import subprocess
import tempfile

from PIL import Image

from odoo.tools import config

from .common import CiCase


class TestCiQrLabel(CiCase):
    """The printable QR label of a work center encodes its capture page."""

    def test_pdf_label_decodes_to_capture_url(self):
        # a development dependency (requirements-dev.txt): imported here so
        # that the addon's tests still load without it
        import zxingcpp

        self.env['ir.config_parameter'].set_param(
            'web.base.url', 'http://plant.example.com'
        )
        wc = self.env['mrp.workcenter'].create({'name': 'Label Press'})
        # no server runs in this test: wkhtmltopdf is refused the stylesheets at once
        # instead of waiting for them; the QR code itself is embedded in the page
        self.env['ir.config_parameter'].set_param(
            'report.url', 'http://127.0.0.1:9'
        )
        report = self.env.ref('ci_process.action_report_workcenter_qr')
        with tempfile.TemporaryDirectory() as tmp:
            # Odoo 11 renders real PDFs under test only with a report directory
            old = config['test_report_directory']
            config['test_report_directory'] = tmp
            try:
                pdf, fmt = report.render_qweb_pdf(wc.ids)
            finally:
                config['test_report_directory'] = old
            self.assertEqual(fmt, 'pdf')
            self.assertTrue(pdf.startswith(b'%PDF'))
            path = os.path.join(tmp, 'label.pdf')
            with open(path, 'wb') as fh:
                fh.write(pdf)
            subprocess.check_call(
                [
                    'pdftoppm',
                    '-r',
                    '150',
                    '-png',
                    path,
                    os.path.join(tmp, 'page'),
                ]
            )
            pages = sorted(glob.glob(os.path.join(tmp, 'page*.png')))
            self.assertEqual(len(pages), 1)
            codes = zxingcpp.read_barcodes(Image.open(pages[0]))
        self.assertEqual(
            [c.text for c in codes],
            ['http://plant.example.com/ci/station?workcenter=%d' % wc.id],
        )
