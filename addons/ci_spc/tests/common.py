# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What the tests of ci_spc share: SpcCase (characteristics, ingest, the
rows of values), the time T0 their measurements start from.

Records are made by the user who makes them on the floor (characteristics
and SOPs by the CI engineer, measurements by the operator) and come back in
that user's environment: a test that acts as someone else says so with
``.sudo(user)``."""

import datetime

import numpy as np

from odoo.addons.ci_process.tests.common import CiShopFloorCase

T0 = datetime.datetime(2026, 3, 2, 6, 0)


def stamp(hours):
    return (T0 + datetime.timedelta(hours=hours)).strftime('%Y-%m-%d %H:%M:%S')


class SpcCase(CiShopFloorCase):
    """The shop floor of CiShopFloorCase, an operator who records
    measurements, and another company."""

    @classmethod
    def setUpClass(cls):
        super(SpcCase, cls).setUpClass()
        cls.rng = np.random.RandomState(20261125)
        cls.operator = cls.make_user(
            'ci_test_spc_operator', ['base.group_user', 'mrp.group_mrp_user']
        )
        cls.other_company = cls.env['res.company'].create(
            {'name': 'CI Other Plant'}
        )

    def make_char(self, chart_type='imr', user=None, **vals):
        """A characteristic created by ``user`` (the CI engineer by
        default), in that user's environment."""
        vals = dict(
            {
                'name': 'Bore %s' % chart_type,
                'code': 'BORE-%s-%d' % (chart_type, len(self._chars)),
                'chart_type': chart_type,
                'subgroup_size': 1 if chart_type == 'imr' else 5,
                'baseline_subgroups': 20,
                'owner_id': self.engineer_ci.id,
            },
            **vals,
        )
        char = (
            self.env['ci.spc.characteristic']
            .sudo(user or self.engineer_ci)
            .create(vals)
        )
        self._chars.append(char)
        return char

    def setUp(self):
        super(SpcCase, self).setUp()
        self._chars = []

    def ingest(self, rows, user=None, **kw):
        """Rows sent by ``user`` (the operator by default)."""
        return (
            self.env['ci.spc.measurement']
            .sudo(user or self.operator)
            .ingest(rows, **kw)
        )

    def values_rows(self, char, values, start=0, per_point=1):
        """Rows for ``values``; ``per_point`` values share a subgroup (and an
        hour)."""
        return [
            {
                'characteristic': char.code,
                'value': float(v),
                'timestamp': stamp(start + i // per_point),
                'subgroup': 'S%03d' % (start + i // per_point),
            }
            for i, v in enumerate(values)
        ]

    def approve_sop_version(self, tz=None, **vals):
        """A version of a new SOP of ``self.operation`` (``vals``: its
        fields, e.g. date_effective), submitted, then approved by the CI
        manager (in time zone ``tz`` if given), which starts a phase on the
        characteristics of the operation. The CI engineer writes the SOP.
        Returns the version, in the engineer's environment."""
        sop = (
            self.env['ci.sop']
            .sudo(self.engineer_ci)
            .create({'name': 'Bore', 'operation_id': self.operation.id})
        )
        version = (
            self.env['ci.sop.version']
            .sudo(self.engineer_ci)
            .create(
                dict(
                    {'sop_id': sop.id, 'content': '<p>Ream twice.</p>'}, **vals
                )
            )
        )
        version.action_submit()
        approver = version.sudo(self.manager_ci)
        (approver.with_context(tz=tz) if tz else approver).action_approve()
        return version

    def sop_version_phase(self, char, tz=None, **vals):
        """approve_sop_version, then (the version, the phase it started on
        ``char``)."""
        version = self.approve_sop_version(tz=tz, **vals)
        return version, char.phase_ids.filtered(
            lambda p: p.sop_version_id == version
        )
