"""Who reaches the league table's unit pages and challenges: every scored unit's members, by role."""

import pytest
from rest_framework.test import APIClient

from org.enums import Role
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    return APIClient()


@pytest.mark.parametrize(
    "role, unit_code",
    [
        (Role.DEPARTMENT_REVIEWER, "fagai"),
        (Role.PLATFORM_REVIEWER, "kaifaqu"),
        (Role.FINANCE, "caizheng"),
    ],
)
@pytest.mark.parametrize("period", ["", "2026-03", "2026-Q1", "2026", "2000-01", "2100"])
def test_a_scored_units_member_opens_its_own_unit(client, api, role, unit_code, period):
    user = factories.make_user(role, unit_code)
    query = {"period": period} if period else {}
    client.force_login(user)
    assert client.get(f"/league/units/{user.unit_id}/", query).status_code in (200, 302)
    api.force_authenticate(user)
    assert api.get(f"/api/scoring/units/{user.unit_id}/lines/", query).status_code in (200, 400)


def test_a_leader_is_refused_a_claim_before_the_form_is_read(client, leader):
    challenge = factories.make_challenge()
    client.force_login(leader)
    response = client.post(f"/league/challenges/{challenge.pk}/claim/", {"project": "1"})
    assert response.status_code == 403
    assert not challenge.claims.exists()


def test_the_finance_bureau_claims_for_its_department(client):
    challenge = factories.make_challenge()
    client.force_login(factories.make_user(Role.FINANCE, "caizheng"))
    assert client.post(f"/league/challenges/{challenge.pk}/claim/").status_code == 302
    assert challenge.claims.get().unit.code == "caizheng"


@pytest.mark.parametrize("body", [{}, {"title": "x"}])
def test_only_staff_post_challenges_whatever_the_body(api, leader, body):
    api.force_authenticate(leader)
    assert api.post("/api/scoring/challenges/", body, format="json").status_code == 403


def test_a_challenge_without_a_bonus_is_a_structured_chinese_error(api, staff):
    api.force_authenticate(staff)
    body = {"title": "医疗器械链主", "deadline": "2026-12-31"}
    response = api.post("/api/scoring/challenges/", body, format="json", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 400
    assert response.json()["bonus"] == ["请填写揭榜任务的奖励分值。"]


def test_a_leader_may_not_claim_through_the_api(api, leader):
    challenge = factories.make_challenge()
    api.force_authenticate(leader)
    assert api.post(f"/api/scoring/challenges/{challenge.pk}/claim/", {}, format="json").status_code == 403


def test_the_board_schema_is_a_plain_list_like_the_answer(api, leader):
    api.force_authenticate(leader)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").json()
    for route in ("/api/scoring/board/", "/api/scoring/units/{id}/lines/"):
        ok = schema["paths"][route]["get"]["responses"]["200"]["content"]["application/json"]["schema"]
        assert ok["type"] == "array", route
    # Its own component: the rewards API has a `Line` of its own, and one name would hide the other.
    lines = schema["paths"]["/api/scoring/units/{id}/lines/"]["get"]["responses"]["200"]
    ref = lines["content"]["application/json"]["schema"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert "points" in schema["components"]["schemas"][ref]["properties"]
    assert isinstance(api.get("/api/scoring/board/").json(), list)
