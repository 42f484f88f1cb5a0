# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from .ci_award import BADGES


class GamificationBadgeUser(models.Model):
    """A badge grant remembers the monthly award it came from: the award
    job grants a badge once per award and person, however often it runs.

    The programme's badges (``ci_award.BADGES``) are the award job's alone
    (``ci.protected.mixin``): Odoo lets every employee create and write any
    grant (its access, no record rule), so ``ci_award_id`` (what the honour
    board shows a badge for) is protected, a grant of one of those badges
    is created by the job only (``ci.award._grant_badges``), and such a grant
    is frozen: nobody moves it to another person or badge, nor deletes it."""

    _name = 'gamification.badge.user'
    _inherit = ['gamification.badge.user', 'ci.protected.mixin']

    ci_award_id = fields.Many2one(
        'ci.award',
        string='Monthly Award',
        readonly=True,
        index=True,
        ondelete='cascade',
    )

    def _protected_fields(self):
        res = super(GamificationBadgeUser, self)._protected_fields()
        res['ci_award_id'] = None
        return res

    def _frozen(self):
        """The grants of the monthly awards, and of the programme's badges."""
        programme = self._programme_badges()
        return self.filtered(
            lambda grant: grant.ci_award_id or grant.badge_id in programme
        )

    @api.model
    def _programme_badges(self):
        """The badges only the monthly award job grants."""
        badges = self.env['gamification.badge']
        for xmlid in BADGES.values():
            badges |= self.env.ref(xmlid, raise_if_not_found=False) or badges
        return badges

    @api.model
    def create(self, vals):
        self._check_programme_badge(vals)
        return super(GamificationBadgeUser, self).create(vals)

    def write(self, vals):
        self._check_programme_badge(vals)
        return super(GamificationBadgeUser, self).write(vals)

    def _check_programme_badge(self, vals):
        if 'badge_id' not in vals or self._is_workflow():
            return
        badge = self.env['gamification.badge'].browse(vals['badge_id'])
        if badge in self._programme_badges():
            raise UserError(
                _(
                    "Badge = %(badge)s: granted by the monthly awards only, "
                    "not by hand."
                )
                % {'badge': badge.name}
            )
