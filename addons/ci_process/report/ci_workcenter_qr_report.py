# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import api, models


class ReportWorkcenterQr(models.AbstractModel):
    """QR labels: the code is embedded as an image, so wkhtmltopdf fetches nothing."""

    _name = 'report.ci_process.report_workcenter_qr'
    _description = 'Work center improvement QR label'

    @api.model
    def get_report_values(self, docids, data=None):
        workcenters = self.env['mrp.workcenter'].browse(docids)
        self.env['ci.access']._check_records(
            workcenters, 'read', '%s.get_report_values' % self._name
        )
        barcode = self.env['ir.actions.report'].barcode

        def qr_png(value):
            return base64.b64encode(
                barcode('QR', value, width=600, height=600)
            ).decode()

        return {
            'doc_ids': docids,
            'doc_model': 'mrp.workcenter',
            'docs': workcenters,
            'qr_png': qr_png,
        }
