# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, http
from odoo.addons.ci_process.controllers.main import CiCapture
from odoo.addons.ci_process.controllers.station import CiStation
from odoo.http import request


class CiStationSpc(CiStation):
    """The station records measurements through ci_spc's ingestion."""

    @http.route(
        '/ci/station/measure', type='http', auth='user', methods=['POST']
    )
    def station_measure(self, **post):
        def measure(wc):
            char_id = CiCapture._int(
                post.get('characteristic_id'), _('Characteristic')
            )
            return {
                'spc_result': request.env['ci.station']._record_measurements(
                    wc,
                    char_id,
                    values=request.httprequest.form.getlist('value'),
                    count=post.get('count'),
                    sample_size=post.get('sample_size'),
                )
            }

        return self._station_action(post, measure)
