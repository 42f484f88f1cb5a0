# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CiCategory(models.Model):
    """Kind of improvement (quality, efficiency, cost, safety, ergonomics...).

    A configurable list rather than a selection: plants add their own kinds
    (5S, energy...) and report on them without code changes.
    """

    _name = 'ci.category'
    _description = 'Improvement Category'
    _order = 'sequence, name, id'

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Short stable identifier used by integrations and reports.",
    )
    sequence = fields.Integer(default=10)
    color = fields.Integer(string='Color Index')
    description = fields.Text(translate=True)
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        'res.company',
        help="Leave empty to share the category between companies.",
    )

    _sql_constraints = [
        (
            'code_company_uniq',
            'unique (code, company_id)',
            'The code of a category must be unique per company.',
        ),
    ]

    @api.constrains('code')
    def _check_code(self):
        for category in self:
            code = category.code or ''
            if not code.strip() or code != code.strip() or ' ' in code:
                raise ValidationError(
                    _(
                        "Category code %r is invalid: use a single word "
                        "without spaces."
                    )
                    % code
                )
