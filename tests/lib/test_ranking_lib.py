# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""lib.ranking: competition ranks as SQL's rank(), and who wins."""
from odoo.addons.ci_incentive.lib import ranking


def test_ties_share_a_rank_and_skip_the_next():
    assert ranking.competition_ranks({'a': 10, 'b': 30, 'c': 10, 'd': 5}) == [
        ('b', 30, 1), ('a', 10, 2), ('c', 10, 2), ('d', 5, 4)]


def test_winners_are_all_firsts_with_points():
    assert ranking.winners({'a': 7, 'b': 7, 'c': 1}) == ['a', 'b']
    assert ranking.winners({'a': 0, 'b': -3}) == []
    assert ranking.winners({}) == []
