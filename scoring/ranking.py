"""The league table's pure rules: ranks with ties, tiers with the lift, red and black lists."""

import math
from decimal import Decimal

from .enums import Tier

TIERS = [Tier.A, Tier.B, Tier.C]


def competition_ranks(scores):
    """Ranks for `scores` (any order): equal scores share the better rank (1, 2, 2, 4)."""
    ordered = sorted(scores, reverse=True)
    first_place = {}
    for place, score in enumerate(ordered, start=1):
        first_place.setdefault(score, place)
    return [first_place[s] for s in scores]


def tier_for(rank, n, *, a_percent, b_percent, lifted=False):
    """A if rank ≤ ceil(a% × n), B if rank ≤ ceil(b% × n), else C; a lift moves up one tier."""
    a_cut = math.ceil(Decimal(a_percent) * n / 100)
    b_cut = math.ceil(Decimal(b_percent) * n / 100)
    index = 0 if rank <= a_cut else 1 if rank <= b_cut else 2
    if lifted:
        index = max(index - 1, 0)
    return TIERS[index]


def red_and_black(ranks, size=3):
    """(red, black) index sets: red are ranks 1–3; black the three lowest places, ties included,
    less any unit already on the red list."""
    red = {i for i, r in enumerate(ranks) if r <= size}
    distinct_low = sorted(set(ranks), reverse=True)
    black, taken = set(), 0
    for rank in distinct_low:
        if taken >= size:
            break
        holders = {i for i, r in enumerate(ranks) if r == rank}
        black |= holders
        taken += len(holders)
    return red, black - red
