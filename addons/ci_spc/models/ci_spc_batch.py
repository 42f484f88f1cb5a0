# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import datetime

from odoo import _, api, fields, models


class CiSpcBatch(models.Model):
    """One call of ``ci.spc.measurement.ingest``: who sent which measurements
    when, and what they revealed. The log of the data feed, written by the
    system and never changed.

    Measurements point to their batch by number (``batch_ref``), not by a
    foreign key: the key would be checked on each of the thousands of rows a
    machine sends, and a batch is never deleted (like the res_id of Odoo's
    attachments and messages)."""

    _name = 'ci.spc.batch'
    _description = 'SPC Measurement Batch'
    _inherit = ['ci.protected.mixin']
    _order = 'date desc, id desc'
    # written by ingest only, in SQL
    _ci_workflow_create = True

    user_id = fields.Many2one(
        'res.users',
        string='Recorded by',
        required=True,
        readonly=True,
        index=True,
    )
    company_id = fields.Many2one(
        'res.company',
        required=True,
        readonly=True,
        index=True,
        help="The company of its characteristics.",
    )
    date = fields.Datetime(
        string='Recorded on', required=True, readonly=True, index=True
    )
    characteristic_ids = fields.Many2many(
        'ci.spc.characteristic',
        'ci_spc_batch_characteristic_rel',
        'batch_id',
        'characteristic_id',
        string='Characteristics',
        readonly=True,
    )
    measurement_count = fields.Integer(string='Measurements', readonly=True)
    signal_count = fields.Integer(string='New Signals', readonly=True)
    date_first = fields.Datetime(
        string='First Measurement',
        readonly=True,
        help="Time of the earliest measurement of the batch.",
    )
    date_last = fields.Datetime(
        string='Last Measurement',
        readonly=True,
        help="Time of the latest measurement of the batch.",
    )

    @api.multi
    def name_get(self):
        return [
            (
                batch.id,
                _("Batch %(id)s, %(user)s")
                % {'id': batch.id, 'user': batch.user_id.name},
            )
            for batch in self
        ]

    def _protected_fields(self):
        res = super(CiSpcBatch, self)._protected_fields()
        res.update(dict.fromkeys(self._stored_fields(), None))
        return res

    def _frozen(self):
        """Every batch: the log of the data feed."""
        return self

    @api.multi
    def action_view_measurements(self):
        self.ensure_one()
        self.env['ci.access']._check_records(
            self, 'read', 'ci.spc.batch.action_view_measurements'
        )
        action = self.env.ref('ci_spc.ci_spc_measurement_action').read()[0]
        # the (characteristic, time) index finds the batch's rows
        action['domain'] = [
            ('batch_ref', '=', self.id),
            ('characteristic_id', 'in', self.characteristic_ids.ids),
            ('timestamp', '>=', self.date_first),
            ('timestamp', '<=', self.date_last),
        ]
        action['context'] = {}
        return action

    @api.model
    def _log(self, batch_id, chars, clean, signal_count):
        """The log line of batch ``batch_id`` (drawn from the sequence by the
        ingestion, its rows carry it): ``clean`` rows (see
        ci.spc.measurement._validate_rows) of ``chars`` raising
        ``signal_count`` new signals. One statement, written by the system
        for whoever calls: nobody has the right to create batches (see the
        access rules), and the ORM's create would cost a batch more than
        the statement."""
        stamps = [row['timestamp'] for row in clean]
        now, uid = fields.Datetime.now(), self.env.uid
        self.env.cr.execute(
            """
            WITH batch AS (
                INSERT INTO ci_spc_batch (id, user_id, company_id, date,
                    measurement_count, signal_count,
                                          date_first, date_last, create_uid,
                                              create_date, write_uid, write_date)
                VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s, %s) RETURNING id)
            INSERT INTO ci_spc_batch_characteristic_rel (batch_id, characteristic_id)
            SELECT batch.id, c.id FROM batch, unnest(%s) AS c(id)""",
            (
                batch_id,
                uid,
                chars[0].company_id.id,
                now,
                len(clean),
                signal_count,
                fields.Datetime.to_string(min(stamps)),
                # seconds are the field's precision: the last one rounded up
                fields.Datetime.to_string(
                    max(stamps) + datetime.timedelta(microseconds=999999)
                ),
                uid,
                now,
                uid,
                now,
                list(chars.ids),
            ),
        )
        return self.browse(batch_id)
