"""The league table's pure rules: ranks with ties, tiers with the lift, red and black lists."""

import pytest

from scoring.ranking import competition_ranks, red_and_black, tier_for


@pytest.mark.parametrize(
    ("scores", "ranks"),
    [
        ([5], [1]),
        ([9, 7, 7, 3], [1, 2, 2, 4]),
        ([3, 7, 9, 7], [4, 2, 1, 2]),
        ([0, 0, 0], [1, 1, 1]),
        ([10, 8, 8, 8, 1], [1, 2, 2, 2, 5]),
        ([-2, 0, -2], [2, 1, 2]),
    ],
)
def test_ties_share_the_better_rank(scores, ranks):
    assert competition_ranks(scores) == ranks


def tiers(n, ranks=None, lifted=()):
    ranks = ranks or list(range(1, n + 1))
    return "".join(
        tier_for(r, n, a_percent=20, b_percent=70, lifted=i in lifted) for i, r in enumerate(ranks)
    )


@pytest.mark.parametrize(
    ("n", "expected"),
    [
        (1, "A"),  # ceil(0.2) = 1
        (3, "ABB"),  # ceil(0.6) = 1, ceil(2.1) = 3
        (5, "ABBBC"),  # 1, ceil(3.5) = 4
        (20, "AAAA" + "B" * 10 + "C" * 6),  # 4, 14
    ],
)
def test_tiers_by_ceil_of_the_group_size(n, expected):
    assert tiers(n) == expected


def test_tied_units_share_the_tier_of_their_rank():
    assert tiers(5, ranks=[1, 2, 2, 4, 4]) == "ABBBB"


def test_the_lift_moves_a_unit_up_one_tier_and_a_never_beyond():
    assert tiers(5, lifted={0, 1, 4}) == "AABBB"
    assert tiers(3, lifted={2}) == "ABA"


@pytest.mark.parametrize(
    ("ranks", "red", "black"),
    [
        ([1, 2, 3, 4, 5, 6, 7], {0, 1, 2}, {4, 5, 6}),
        ([1, 2, 3, 4, 5, 6, 6], {0, 1, 2}, {4, 5, 6}),
        # ties at the bottom are all included
        ([1, 2, 3, 4, 5, 5, 5, 5], {0, 1, 2}, {4, 5, 6, 7}),
        ([1, 2, 3, 4, 5, 6, 6, 6], {0, 1, 2}, {5, 6, 7}),
        # a small group: the red list wins over the black
        ([1, 2, 3, 4], {0, 1, 2}, {3}),
        ([1], {0}, set()),
        ([1, 1, 1], {0, 1, 2}, set()),
        ([1, 2, 2, 2, 5], {0, 1, 2, 3}, {4}),
    ],
)
def test_red_list_is_ranks_one_to_three_and_black_the_three_lowest_places(ranks, red, black):
    assert red_and_black(ranks) == (red, black)
