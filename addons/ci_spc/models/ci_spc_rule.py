# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CiSpcRule(models.Model):
    """A run rule (Western Electric 1-4, Nelson 1-8) and its parameters.

    Plants tune the parameters the way mature SPC tools allow (e.g. 7, 8 or 9
    points for a shift); characteristics then switch rules on or off.
    """

    _name = 'ci.spc.rule'
    _description = 'SPC Run Rule'
    _order = 'family, sequence, id'

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        readonly=True,
        help="Stable identifier used by the rule engine.",
    )
    family = fields.Selection(
        [
            ('western_electric', 'Western Electric'),
            ('nelson', 'Nelson'),
        ],
        required=True,
        readonly=True,
    )
    sequence = fields.Integer(default=10)
    test_type = fields.Selection(
        [
            ('beyond_limit', 'Points beyond a sigma level'),
            ('same_side', 'Points on the same side of the center line'),
            ('trend', 'Points steadily increasing or decreasing'),
            ('alternating', 'Points alternating up and down'),
            ('m_of_n_beyond', 'M of N points beyond a sigma level, same side'),
            ('within', 'Points within a sigma level, either side'),
            ('outside', 'Points outside a sigma level, either side'),
        ],
        required=True,
        readonly=True,
        help="What the rule looks for; the parameters below size it.",
    )
    window = fields.Integer(
        string='Points (N)',
        required=True,
        default=1,
        help="Number of consecutive points the rule looks at.",
    )
    min_count = fields.Integer(
        string='Of which (M)',
        required=True,
        default=1,
        help="How many of the N points must meet the condition.",
    )
    sigma = fields.Float(
        string='Sigma level',
        required=True,
        default=3.0,
        digits=(3, 2),
        help="Distance from the center line, in standard deviations.",
    )
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)

    _sql_constraints = [
        (
            'code_uniq',
            'unique (code)',
            'The code of a run rule must be unique.',
        ),
    ]

    @api.constrains('window', 'min_count', 'sigma')
    def _check_parameters(self):
        for rule in self:
            if rule.window < 1 or rule.window > 50:
                raise ValidationError(
                    _(
                        "Rule %(rule)s: Points (N) must be between 1 and 50, "
                        "not %(value)s."
                    )
                    % {'rule': rule.name, 'value': rule.window}
                )
            if rule.min_count < 1 or rule.min_count > rule.window:
                raise ValidationError(
                    _(
                        "Rule %(rule)s: Of which (M) must be between 1 and N "
                        "(%(window)s), not %(value)s."
                    )
                    % {
                        'rule': rule.name,
                        'window': rule.window,
                        'value': rule.min_count,
                    }
                )
            if rule.sigma < 0 or rule.sigma > 6:
                raise ValidationError(
                    _(
                        "Rule %(rule)s: Sigma level must be between 0 and 6, "
                        "not %(value)s."
                    )
                    % {'rule': rule.name, 'value': rule.sigma}
                )
