# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

# the latest rows a list of the station shows
STATION_LIST_LIMIT = 5
# the work centers the station's chooser lists (a plant's, not a country's)
STATION_WORKCENTERS = 500


class CiStation(models.AbstractModel):
    """The operator's station (/ci/station): one phone page per work center
    with its work order, the standard in force, and the operator's own
    ideas. ci_spc and ci_incentive add their sections by extending
    ``_values`` with super() and the page's template by inheritance.

    Everything is read with the caller's rights, except the few fields of
    a work order that Manufacturing rights would give (see ``_workorder``):
    CI Users have none, and the work order's form needs stock moves."""

    _name = 'ci.station'
    _description = 'Operator Station'

    @api.model
    def _workcenter(self, workcenter_id):
        """The work center ``workcenter_id`` if the user may see it (the
        record rules apply: another company's is unknown), else empty."""
        if not workcenter_id:
            return self.env['mrp.workcenter']
        return self.env['mrp.workcenter'].search(
            [('id', '=', workcenter_id)], limit=1
        )

    @api.model
    def _workorder(self, workcenter):
        """The work order running at ``workcenter``, or else the next one to
        run there; in the user's companies."""
        WorkOrder = self.env['mrp.workorder']
        if not workcenter:
            return WorkOrder
        companies = self.env['ci.access']._company_ids()
        domain = [
            ('workcenter_id', '=', workcenter.id),
            ('production_id.company_id', 'in', companies),
        ]
        # sudo: the company of a work order is its manufacturing order's, which
        # CI Users may not read; the search returns ids only, read as the user below
        running = WorkOrder.sudo().search(
            domain + [('state', '=', 'progress')],
            order='date_start desc, id desc',
            limit=1,
        )
        if not running:
            running = WorkOrder.sudo().search(
                domain + [('state', 'in', ('ready', 'pending'))],
                order='date_planned_start, id',
                limit=1,
            )
        return WorkOrder.browse(running.id)

    @api.model
    def _workorder_values(self, workorder):
        if not workorder:
            return {}
        states = dict(
            workorder._fields['state']._description_selection(self.env)
        )
        # sudo: the manufacturing order's reference and quantity only (CI Users
        # may not read manufacturing orders); the work order is in the user's
        # companies (see _workorder)
        production = workorder.sudo().production_id
        return {
            'id': workorder.id,
            'name': workorder.name,
            'production': production.name,
            'product': workorder.product_id.display_name,
            'quantity': production.product_qty,
            'uom': production.product_uom_id.name,
            'state': workorder.state,
            'state_label': states.get(workorder.state, workorder.state),
            'date_start': workorder.date_start,
            'date_planned_start': workorder.date_planned_start,
        }

    @api.model
    def _sop_version(self, workorder):
        """The standard the work order runs under: stamped when it started,
        or the one in force now for the next one."""
        if not workorder:
            return self.env['ci.sop.version']
        return workorder.ci_sop_version_id or workorder._sop_version_at(
            fields.Datetime.now()
        )

    @api.model
    def _ideas(self):
        improvements = self.env['ci.improvement'].search(
            [('submitter_id', '=', self.env.uid)],
            order='create_date desc, id desc',
            limit=STATION_LIST_LIMIT,
        )
        states = dict(
            improvements._fields['state']._description_selection(self.env)
        )
        return [
            {
                'id': imp.id,
                'name': imp.name,
                'title': imp.title,
                'state': imp.state,
                'state_label': states.get(imp.state, imp.state),
            }
            for imp in improvements
        ]

    @api.model
    def _values(self, workcenter):
        """What the station shows at ``workcenter`` (a record the user may
        read, or empty: the page asks for one): a dict the page's template
        and its extensions read."""
        workorder = self._workorder(workcenter)
        return {
            'workcenter': workcenter,
            'workcenters': self.env['mrp.workcenter'].search(
                [], order='name', limit=STATION_WORKCENTERS
            ),
            'workorder': workorder,
            'workorder_values': self._workorder_values(workorder),
            'sop_version': self._sop_version(workorder),
            'ideas': self._ideas(),
        }

    @api.model
    def _acknowledge(self, version_id):
        """Acknowledge the SOP version ``version_id`` (the acknowledgement
        workflow of ci.sop.version)."""
        version = (
            self.env['ci.sop.version'].search([('id', '=', version_id)])
            if version_id
            else None
        )
        if not version:
            raise UserError(
                _("Standard: %(value)s does not exist.")
                % {'value': version_id}
            )
        version.action_acknowledge()
        # the page shown next reads it again
        version.invalidate_cache(['is_acknowledged'])
        return version
