# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, http
from odoo.addons.ci_process.controllers.main import CiCapture
from odoo.addons.ci_process.controllers.station import CiStation
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request


class CiStationSpc(CiStation):
    """The station records measurements through ci_spc's ingestion."""

    @http.route('/ci/station/measure', type='http', auth='user', methods=['POST'])
    def station_measure(self, **post):
        Station = request.env['ci.station']
        wc = Station._workcenter(None)
        try:
            wc = self._posted_workcenter(post)
            char_id = CiCapture._int(post.get('characteristic_id'), _('Characteristic'))
            form = request.httprequest.form
            with request.env.cr.savepoint():
                result = Station._record_measurements(
                    wc, char_id, values=form.getlist('value'), count=post.get('count'),
                    sample_size=post.get('sample_size'))
        except (UserError, ValidationError, AccessError) as e:
            return self._station_error(wc, e.name)
        return self._render_station(wc, spc_result=result)
