# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CiReward(models.Model):
    """An item of the reward catalogue that points can be redeemed for.

    No workflow-owned field (hence no ``ci.protected.mixin``): the catalogue
    is the CI Managers'; a request keeps the price it was made at
    (``ci.reward.redemption.points``)."""

    _name = 'ci.reward'
    _description = 'Improvement Reward'
    _order = 'sequence, points_cost, name, id'

    name = fields.Char(required=True, translate=True)
    reward_type = fields.Selection(
        [
            ('bonus', 'Bonus'),
            ('gift', 'Gift'),
            ('time_off', 'Time off'),
        ],
        string='Type',
        required=True,
        default='gift',
    )
    points_cost = fields.Integer(
        string='Price (points)',
        required=True,
        help="Points deducted from the employee's balance when a redemption "
        "is approved.",
    )
    description = fields.Text(translate=True)
    image = fields.Binary(attachment=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company',
        required=True,
        default=lambda self: self.env.user.company_id,
    )

    @api.constrains('points_cost')
    def _check_points_cost(self):
        for reward in self:
            if reward.points_cost <= 0:
                raise ValidationError(
                    _(
                        "Reward %(reward)s: Price (points) must be a positive "
                        "number of points, not %(price)s."
                    )
                    % {'reward': reward.name, 'price': reward.points_cost}
                )
