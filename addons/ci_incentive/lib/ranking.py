# Copyright 2026 The CI Suite Authors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Ranking of a leaderboard (no ORM).

Standard competition ranking ("1224"), as SQL's ``rank()``: equal points,
equal rank; the next rank skips the tied places. The leaderboard views rank
in SQL; this is the same rule for what is ranked in Python (the benchmark's
read_group side, the tests).
"""


def competition_ranks(scores):
    """[(key, points, rank)] sorted by rank, then key, from {key: points}."""
    ordered = sorted(scores.items(), key=lambda item: (-item[1], item[0]))
    ranked, rank, previous = [], 0, None
    for position, (key, points) in enumerate(ordered, start=1):
        if points != previous:
            rank, previous = position, points
        ranked.append((key, points, rank))
    return ranked


def winners(scores):
    """The keys ranked first, if they have points at all: a month where
    nobody earned anything has no winner."""
    return sorted(
        key
        for key, points, rank in competition_ranks(scores)
        if rank == 1 and points > 0
    )
