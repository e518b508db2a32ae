"""The scoring API: board, lines, challenges, adjustments; structured errors; in the schema."""

import datetime as dt
from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from scoring.models import Challenge, ScoreAdjustment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


def test_board_and_lines_through_the_api(api, leader):
    unit = factories.units()["anzhou"]
    factories.make_project(
        total_investment=Decimal("600000000"),
        fixed_asset_investment=0,
        contract_date=dt.date(2026, 1, 9),
        responsible_unit=unit,
    )
    api.force_authenticate(leader)
    board = api.get("/api/scoring/board/", {"period": "2026-Q1", "group": "township"}).json()
    first = board[0]
    assert (first["unit_name"], first["rank"], first["score"], first["tier"]) == ("安洲街道", 1, "10.00", "A")
    lines = api.get(f"/api/scoring/units/{unit.pk}/lines/", {"period": "2026-Q1"}).json()
    assert [(line["rule"], line["points"]) for line in lines] == [("signed", "10.00")]


def test_a_bad_period_is_a_structured_error(api, leader):
    api.force_authenticate(leader)
    response = api.get("/api/scoring/board/", {"period": "2026-13"})
    assert response.status_code == 400
    assert "period" in response.json()


def test_challenge_posted_by_staff_and_claimed_by_a_township(api, staff):
    api.force_authenticate(staff)
    created = api.post(
        "/api/scoring/challenges/",
        {"title": "引进链主", "deadline": "2027-06-30", "bonus": "5", "min_investment": "500000000"},
        format="json",
    )
    assert created.status_code == 201, created.content
    township = factories.make_user("platform_reviewer", "anzhou")
    api.force_authenticate(township)
    claim = api.post(f"/api/scoring/challenges/{created.json()['id']}/claim/", {}, format="json")
    assert claim.status_code == 201
    assert (
        api.post(f"/api/scoring/challenges/{created.json()['id']}/claim/", {}, format="json").status_code
        == 400
    )
    assert (
        api.post(
            "/api/scoring/challenges/", {"title": "x", "deadline": "2027-01-01", "bonus": "1"}
        ).status_code
        == 403
    )
    assert Challenge.objects.count() == 1


def test_adjustment_needs_a_reason(api, staff):
    api.force_authenticate(staff)
    unit = factories.units()["anzhou"]
    response = api.post(
        "/api/scoring/adjustments/",
        {"unit": unit.pk, "on": "2026-02-01", "points": "-10", "reason": " "},
        format="json",
    )
    assert response.status_code == 400
    assert not ScoreAdjustment.objects.exists()


def test_scoring_is_in_the_openapi_schema(api, leader):
    api.force_authenticate(leader)
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/scoring/board/" in schema["paths"]
    assert "/api/scoring/challenges/{id}/claim/" in schema["paths"]


def test_frozen_boards_through_the_api_keep_what_was_published(api, leader, django_assert_max_num_queries):
    from scoring import services
    from scoring.enums import PeriodKind
    from scoring.periods import Period

    unit = factories.units()["anzhou"]
    ScoreAdjustment.objects.create(unit=unit, on=dt.date(2026, 1, 15), points=3, reason="演示")
    snapshot, _created = services.board_freeze(period=Period(PeriodKind.MONTH, dt.date(2026, 1, 1)))
    ScoreAdjustment.objects.create(unit=unit, on=dt.date(2026, 1, 20), points=-9, reason="后补")
    api.force_authenticate(leader)
    with django_assert_max_num_queries(8):
        listed = api.get("/api/scoring/frozen-boards/").json()
    boards = listed["results"] if isinstance(listed, dict) else listed
    assert [(b["id"], b["period"]) for b in boards] == [(snapshot.pk, "2026-01")]
    detail = api.get(f"/api/scoring/frozen-boards/{snapshot.pk}/").json()
    mine = next(r for r in detail["rows"] if r["unit"] == unit.pk)
    assert (mine["unit_name"], mine["rank"], mine["score"], mine["red"]) == ("安洲街道", 1, "3.00", True)
    schema = api.get("/api/schema/", {"format": "json"}).json()
    assert "/api/scoring/frozen-boards/{id}/" in schema["paths"]
