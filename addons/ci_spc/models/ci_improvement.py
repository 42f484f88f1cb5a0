# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64

from odoo import _, api, fields, models


class CiImprovement(models.Model):
    _inherit = 'ci.improvement'

    spc_characteristic_id = fields.Many2one(
        'ci.spc.characteristic',
        string='SPC Characteristic',
        readonly=True,
        index=True,
        ondelete='set null',
        copy=False,
    )
    spc_signal_ids = fields.One2many(
        'ci.spc.signal', 'improvement_id', string='SPC Signals'
    )

    def _protected_fields(self):
        res = super(CiImprovement, self)._protected_fields()
        # set by the signal that opens the improvement only: it keeps a
        # second one from opening while this one is open
        res['spc_characteristic_id'] = None
        return res

    @api.model
    def _spc_open_found(self, char):
        """The open improvement of the SPC characteristic ``char``, or an
        empty recordset (see ci.spc.characteristic._rule_state)."""
        char.ensure_one()
        # sudo: see _rule_state
        return self.sudo().browse(
            char._rule_state()[char.id].improvement_id or []
        )

    @api.model
    def _spc_open(self, char, signals):
        """The improvement the new ``signals`` of ``char`` go to: one per
        characteristic while it is open, new signals join it; otherwise a
        new one, submitted, with the chart as evidence."""
        char.ensure_one()
        # sudo: the system acts for the characteristic's owner, whoever's
        # measurement revealed the signal (operators cannot write signals)
        char = char.sudo()
        Improvement = self.sudo()
        improvement = self._spc_open_found(char)
        if improvement:
            # later signals join the open improvement silently: its SPC
            # Signals tab lists them and the chart on the characteristic is
            # live; a note for every batch of a shift would drown the news.
            # One statement: this runs for every batch that finds a signal.
            self.env.cr.execute(
                "UPDATE ci_spc_signal SET state = 'escalated', improvement_id = %s "
                "WHERE id IN %s",
                (improvement.id, tuple(signals.ids)),
            )
            signals.invalidate_cache(['state', 'improvement_id'])
            return improvement
        found = signals.read(
            ['rule_id', 'point_key', 'date'], load='_classic_write'
        )
        rule_ids = {r['rule_id'] for r in found}
        rules = ', '.join(
            sorted(
                char.rule_ids.filtered(lambda r: r.id in rule_ids).mapped(
                    'name'
                )
            )
        )
        storm = self.env['ci.spc.signal']._signal_storm(char, found)
        if storm:
            # a storm: one improvement that sums the signals up, not a list of them
            title = _("SPC signal storm on %(char)s: %(count)s signals") % {
                'char': char.name,
                'count': len(found),
            }
            problem = '%s %s' % (storm, _("The chart is attached."))
            opened = (
                'spc.opened_storm',
                {'count': len(found), 'rules': rules},
            )
        else:
            title = _("SPC signal on %(char)s: %(rules)s") % {
                'char': char.name,
                'rules': rules,
            }
            problem = _(
                "The control chart of %(char)s (%(code)s) signals a change of "
                "the process: "
                "%(rules)s, at %(points)s. The chart is attached."
            ) % {
                'char': char.name,
                'code': char.code,
                'rules': rules,
                'points': ', '.join(r['point_key'] for r in found),
            }
            opened = ('spc.opened_signals', {'rules': rules})
        if not improvement:
            owner = char.owner_id or char.create_uid
            improvement = Improvement._create_from_origin(
                {
                    'title': title,
                    'problem': problem,
                    'origin': 'spc_signal',
                    'spc_characteristic_id': char.id,
                    'workcenter_id': char.workcenter_id.id
                    or char.operation_id.workcenter_id.id,
                    'operation_id': char.operation_id.id,
                    'product_id': char.product_id.id,
                    'owner_id': owner.id,
                    'submitter_id': owner.id,
                    'company_id': char.company_id.id,
                }
            )
            improvement.action_submit()
            attachment = (
                self.env['ir.attachment']
                .sudo()
                .create(
                    {
                        'name': 'spc-%s.svg' % char.code,
                        'datas_fname': 'spc-%s.svg' % char.code,
                        'datas': base64.b64encode(
                            char._render_chart().encode('utf-8')
                        ),
                        'mimetype': 'image/svg+xml',
                        'res_model': 'ci.improvement',
                        'res_id': improvement.id,
                    }
                )
            )
            self.env['ci.message']._post(
                improvement,
                opened[0],
                opened[1],
                attachment_ids=attachment.ids,
                subtype='mail.mt_note',
                partner_ids=improvement.owner_id.partner_id.ids,
            )
        signals.sudo().with_context(tracking_disable=True)._workflow().write(
            {'state': 'escalated', 'improvement_id': improvement.id}
        )
        return improvement
