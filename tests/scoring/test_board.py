"""The league table per group: bundles, the lift, change since last period, frozen monthly boards."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from notifications.models import Event
from scoring import services
from scoring.enums import PeriodKind, ScoringGroup
from scoring.models import BundleMember, ScoreAdjustment, SnapshotRow
from scoring.periods import Period
from scoring.selectors import league_table
from tests import factories

pytestmark = pytest.mark.django_db

Q1 = Period(PeriodKind.QUARTER, dt.date(2026, 1, 1))
YI = Decimal("100000000")


def unit(code):
    return factories.units()[code]


def adjust(code, points, on=dt.date(2026, 2, 1)):
    ScoreAdjustment.objects.create(unit=unit(code), on=on, points=points, reason="测试")


def row(board, code, group=ScoringGroup.TOWNSHIP):
    return next(r for r in board[group] if r.unit_id == unit(code).pk)


def test_each_group_ranks_its_own_units_with_ties(staff):
    adjust("anzhou", 9)
    adjust("fuying", 7)
    adjust("nanfeng", 7)
    adjust("kaifaqu", 1)
    board = league_table(Q1)
    townships = board[ScoringGroup.TOWNSHIP]
    assert [(r.unit_name, r.rank) for r in townships[:4]] == [
        ("安洲街道", 1),
        ("福应街道", 2),
        ("南峰街道", 2),
        (townships[3].unit_name, 4),
    ]
    assert row(board, "kaifaqu", ScoringGroup.PLATFORM).rank == 1
    assert {r.unit_id for r in board[ScoringGroup.DEPARTMENT]}.isdisjoint({r.unit_id for r in townships})


def test_a_bundle_member_scores_its_own_points_plus_the_others_in_its_own_group(staff):
    services.bundle_create(
        name="医疗器械链", year=2026, units=[unit("fagai"), unit("kaifaqu"), unit("anzhou")], by=staff
    )
    adjust("fagai", 4)
    adjust("kaifaqu", 6)
    adjust("anzhou", Decimal("1.5"))
    board = league_table(Q1)
    assert row(board, "anzhou").score == Decimal("11.50")
    assert row(board, "kaifaqu", ScoringGroup.PLATFORM).score == Decimal("11.50")
    assert row(board, "fagai", ScoringGroup.DEPARTMENT).score == Decimal("11.50")
    assert row(board, "anzhou").own == Decimal("1.50")
    # another year's board knows nothing of the bundle
    adjust("fagai", 4, on=dt.date(2025, 2, 1))
    assert row(league_table(Period(PeriodKind.QUARTER, dt.date(2025, 1, 1))), "anzhou").score == 0


def test_a_unit_is_in_at_most_one_bundle_a_year(staff):
    services.bundle_create(name="甲", year=2026, units=[unit("fagai"), unit("anzhou")], by=staff)
    with pytest.raises(ValidationError, match="安洲"):
        services.bundle_create(name="乙", year=2026, units=[unit("jingxin"), unit("anzhou")], by=staff)
    assert not BundleMember.objects.filter(bundle__name="乙").exists()
    services.bundle_create(name="乙", year=2027, units=[unit("jingxin"), unit("anzhou")], by=staff)


def test_a_signing_of_ten_yi_lifts_its_unit_one_tier():
    factories.make_project(
        total_investment=10 * YI,
        fixed_asset_investment=0,
        contract_date=dt.date(2026, 3, 1),
        responsible_unit=unit("dujiaqu"),
    )
    adjust("kaifaqu", 30)
    adjust("gaotie", 25)
    board = league_table(Q1)[ScoringGroup.PLATFORM]
    # three platforms: A for rank 1, B for ranks 2–3; 度假区 (20 points, rank 3) is lifted to A
    assert [(r.unit_name, r.rank, r.tier, r.lifted) for r in board] == [
        ("开发区", 1, "A", False),
        ("高铁新城", 2, "B", False),
        ("度假区", 3, "A", True),
    ]


def test_the_board_shows_the_change_since_the_previous_period():
    adjust("anzhou", 1, on=dt.date(2025, 12, 1))
    adjust("fuying", 5, on=dt.date(2025, 12, 1))
    adjust("anzhou", 8)
    board = league_table(Q1)
    assert (
        row(board, "anzhou").rank,
        row(board, "anzhou").previous_rank,
        row(board, "anzhou").rank_change,
    ) == (1, 2, 1)
    assert row(board, "anzhou").score_change == Decimal("7.00")


def test_a_frozen_month_is_not_rewritten_by_later_edits_and_the_units_are_told():
    january = Period(PeriodKind.MONTH, dt.date(2026, 1, 1))
    adjust("anzhou", 3, on=dt.date(2026, 1, 15))
    factories.make_user("platform_reviewer", "anzhou", username="anzhou-user")
    snapshot, created = services.board_freeze(period=january)
    assert created
    adjust("fuying", 9, on=dt.date(2026, 1, 20))
    again, created = services.board_freeze(period=january)
    assert (again, created) == (snapshot, False)
    frozen = SnapshotRow.objects.get(snapshot=snapshot, unit=unit("anzhou"))
    assert (frozen.rank, frozen.score, frozen.red) == (1, Decimal("3.00"), True)
    assert row(league_table(january), "anzhou").rank == 2  # the recomputed board differs
    event = Event.objects.get(kind="scoring.board_frozen", payload__unit_id=unit("anzhou").pk)
    assert event.payload["rank"] == 1


def test_a_board_without_any_policy_in_force_says_so():
    with pytest.raises(ValidationError, match="No scoring policy|没有"):
        league_table(Period(PeriodKind.YEAR, dt.date(2019, 1, 1)))


def test_declared_shares_must_add_up_to_a_hundred_and_a_bad_set_saves_nothing(staff):
    project = factories.make_project(contract_date=dt.date(2026, 2, 1), responsible_unit=unit("anzhou"))
    with pytest.raises(ValidationError, match="100"):
        services.credits_set(project=project, shares={unit("anzhou"): 60, unit("fuying"): 30}, by=staff)
    assert not project.score_credits.exists()
    services.credits_set(project=project, shares={unit("anzhou"): 60, unit("fuying"): 40}, by=staff)
    assert league_table(Q1)[ScoringGroup.TOWNSHIP][0].score == Decimal("3.60")


def test_the_monthly_job_freezes_last_month_once():
    from scoring import tasks

    first = tasks.board_freeze_previous_month()
    assert first["created"] is True
    assert tasks.board_freeze_previous_month() == {**first, "created": False}


def test_the_board_page_shows_what_differs_from_the_frozen_month(client, leader):
    january = Period(PeriodKind.MONTH, dt.date(2026, 1, 1))
    adjust("anzhou", 3, on=dt.date(2026, 1, 15))
    services.board_freeze(period=january)
    adjust("fuying", 9, on=dt.date(2026, 1, 20))
    client.force_login(leader)
    page = client.get("/league/", {"period": "2026-01"}).content.decode()
    assert 'id="differences"' in page
    assert "安洲街道" in page.split('id="differences"')[1].split("</ul>")[0]
