# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import werkzeug.urls

from odoo import _, http
from odoo.addons.web.controllers.main import Home
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.http import request

from .main import CiCapture

# the work center the station last showed, on this phone
COOKIE = 'ci_station_workcenter'
COOKIE_AGE = 365 * 24 * 3600


class CiStation(http.Controller):
    """The operator's station: one phone page per work center (its work
    order, the standard in force, measurements, ideas, points). The data
    comes from the ci.station model (``_values``); ci_spc and ci_incentive
    extend both it and this controller."""

    def _station_workcenter_id(self, workcenter):
        """The work center asked for (?workcenter=), else the one this phone
        last showed; raises UserError naming a value that is no id."""
        if workcenter in (None, ''):
            # a cookie that is no id (edited, stale) is forgotten, not an error
            try:
                return CiCapture._int(
                    request.httprequest.cookies.get(COOKIE) or None,
                    _('Work center'),
                )
            except UserError:
                return None
        return CiCapture._int(workcenter, _('Work center'))

    def _render_station(self, workcenter, status=200, **extra):
        """The page at ``workcenter`` (a record the user may read, or empty),
        with ``extra`` values: ``error`` (shown at the top), results of an
        action."""
        values = request.env['ci.station']._values(workcenter)
        values.update(extra)
        response = request.render(
            'ci_process.station_page', values, status=status
        )
        if workcenter:
            response.set_cookie(
                COOKIE, str(workcenter.id), max_age=COOKIE_AGE, httponly=True
            )
        return response

    def _station_error(self, workcenter, error, status=400):
        # nothing of the failed request is kept
        request.env.cr.rollback()
        return self._render_station(workcenter, status=status, error=error)

    @http.route('/ci/station', type='http', auth='user', methods=['GET'])
    def station(self, workcenter=None, **kw):
        Station = request.env['ci.station']
        try:
            wc_id = self._station_workcenter_id(workcenter)
        except UserError as e:
            return self._station_error(Station._workcenter(None), e.name)
        wc = Station._workcenter(wc_id)
        if wc_id and not wc:
            if workcenter in (None, ''):
                # a remembered one that is gone: ask again
                return self._render_station(wc)
            return self._station_error(
                wc, _("Work center: %s does not exist.") % wc_id, status=404
            )
        return self._render_station(wc)

    def _posted_workcenter(self, post):
        """The work center of a form posted from the station."""
        Station = request.env['ci.station']
        wc_id = CiCapture._int(post.get('workcenter_id'), _('Work center'))
        wc = Station._workcenter(wc_id)
        if not wc:
            raise UserError(_("Work center: %s does not exist.") % wc_id)
        return wc

    def _station_action(self, post, action):
        """A form posted from the station: ``action(workcenter)`` runs all
        or nothing and returns what the page shows of its result; an error
        shows on the page, naming field and value."""
        wc = request.env['ci.station']._workcenter(None)
        try:
            wc = self._posted_workcenter(post)
            with request.env.cr.savepoint():
                shown = action(wc)
        except (UserError, ValidationError, AccessError) as e:
            return self._station_error(wc, e.name)
        return self._render_station(wc, **shown)

    @http.route(
        '/ci/station/acknowledge', type='http', auth='user', methods=['POST']
    )
    def station_acknowledge(self, **post):
        def acknowledge(wc):
            version_id = CiCapture._int(post.get('version_id'), _('Standard'))
            return {
                'acknowledged': request.env['ci.station']._acknowledge(
                    version_id
                )
            }

        return self._station_action(post, acknowledge)


class CiHome(Home):
    """Operators (CI User and no other role) land on their station after
    logging in; everyone else in the backend, as before."""

    @staticmethod
    def _ci_local_url(url):
        """A path of this server, or an address of this host (Odoo sends
        a logged-out visitor of /ci/station?workcenter=7 to the login with
        that whole address)."""
        url = url.replace('\\', '/')
        if url.startswith('/'):
            return not url.startswith('//')
        parsed = werkzeug.urls.url_parse(url)
        return (
            parsed.scheme in ('http', 'https')
            and parsed.netloc == request.httprequest.host
        )

    def _login_redirect(self, uid, redirect=None):
        if redirect and not self._ci_local_url(redirect):
            # only a page of this server: a link that logs in and leaves for
            # another site is a phishing aid
            redirect = None
        # sudo: right after authentication the request's environment is not the
        # user's yet
        if (
            not redirect
            and request.env['res.users']
            .sudo()
            .browse(uid)
            ._ci_is_station_user()
        ):
            return '/ci/station'
        return super(CiHome, self)._login_redirect(uid, redirect=redirect)
