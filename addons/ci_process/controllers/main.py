# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import _, http
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_ID = 2**31 - 1


class CiCapture(http.Controller):
    """Phone page: an operator files an improvement in seconds, often from
    the QR label of a work center (/ci/capture?workcenter=<id>)."""

    def _render_form(self, values, error=None, status=200):
        env = request.env
        ctx = {
            'workcenters': env['mrp.workcenter'].search([]),
            'categories': env['ci.category'].search([]),
            'values': values,
            'error': error,
        }
        return request.render('ci_process.capture_page', ctx, status=status)

    @staticmethod
    def _int(value, label):
        if value in (None, ''):
            return None
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        # a database id: anything outside PostgreSQL's integer is no choice
        if number is None or not 0 < number <= MAX_ID:
            raise UserError(
                _("%(field)s: %(value)r is not a valid choice.")
                % {'field': label, 'value': value}
            )
        return number

    @http.route('/ci/capture', type='http', auth='user', methods=['GET'])
    def capture_form(self, workcenter=None, **kw):
        values = {}
        try:
            wc_id = self._int(workcenter, _('Work center'))
        except UserError as e:
            return self._render_form(values, error=e.name, status=400)
        if wc_id:
            # searched: the record rules apply (another company's is unknown)
            wc = request.env['mrp.workcenter'].search([('id', '=', wc_id)])
            if not wc:
                return self._render_form(
                    values,
                    error=_("Work center %s does not exist.") % wc_id,
                    status=404,
                )
            values['workcenter_id'] = wc.id
        return self._render_form(values)

    @http.route('/ci/capture', type='http', auth='user', methods=['POST'])
    def capture_submit(self, **post):
        env = request.env
        values = {k: post.get(k) for k in ('title', 'problem', 'idea')}
        try:
            wc_id = self._int(post.get('workcenter_id'), _('Work center'))
            cat_id = self._int(post.get('category_id'), _('Category'))
            values.update(workcenter_id=wc_id, category_id=cat_id)
            problem = (post.get('problem') or '').strip()
            if not problem:
                raise UserError(_("Problem: describe what goes wrong."))
            if wc_id and not env['mrp.workcenter'].search(
                [('id', '=', wc_id)]
            ):
                raise UserError(_("Work center: %s does not exist.") % wc_id)
            if cat_id and not env['ci.category'].search([('id', '=', cat_id)]):
                raise UserError(_("Category: %s does not exist.") % cat_id)
            vals = {
                'title': (post.get('title') or '').strip()
                or problem.splitlines()[0][:80],
                'problem': problem,
                'idea': (post.get('idea') or '').strip() or False,
                'workcenter_id': wc_id,
                'category_id': cat_id,
                'origin': 'proposal',
            }
            photo = post.get('photo')
            if photo and getattr(photo, 'filename', None):
                data = photo.read(MAX_PHOTO_BYTES + 1)
                if len(data) > MAX_PHOTO_BYTES:
                    raise UserError(
                        _("Photo: %s is larger than 10 MB.") % photo.filename
                    )
                if not (photo.mimetype or '').startswith('image/'):
                    raise UserError(
                        _("Photo: %(name)s is not an image (%(type)s).")
                        % {'name': photo.filename, 'type': photo.mimetype}
                    )
                vals['photo'] = base64.b64encode(data)
            # all or nothing: the record and its submission
            with env.cr.savepoint():
                improvement = env['ci.improvement'].create(vals)
                improvement.action_submit()
        except (UserError, ValidationError, AccessError) as e:
            return self._render_form(values, error=e.name, status=400)
        return request.render(
            'ci_process.capture_done', {'improvement': improvement}
        )

    @http.route(
        '/ci/qr/workcenter/<int:workcenter_id>.png', type='http', auth='user'
    )
    def workcenter_qr(self, workcenter_id, **kw):
        wc = request.env['mrp.workcenter'].search([('id', '=', workcenter_id)])
        if not wc:
            return request.not_found()
        png = request.env['ir.actions.report'].barcode(
            'QR', wc.ci_capture_url(), width=600, height=600
        )
        return request.make_response(
            png,
            headers=[
                ('Content-Type', 'image/png'),
                ('Cache-Control', 'max-age=3600'),
            ],
        )
