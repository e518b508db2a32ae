"""Credited units: staff declare by page or API which units a project's points go to, by shares
summing to 100 (default 100% to the responsible unit); audited; the board follows."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.labels import action_text
from audit.models import AuditEntry
from scoring.enums import PeriodKind, ScoringGroup
from scoring.models import ProjectCredit
from scoring.periods import Period
from scoring.selectors import league_table
from tests import factories

pytestmark = pytest.mark.django_db

Q1 = Period(PeriodKind.QUARTER, dt.date(2026, 1, 1))


@pytest.fixture
def project():
    # 6亿 industrial: 10 points on signing, all to the responsible unit by default.
    return factories.make_project(
        name="精密铸造项目",
        total_investment=Decimal("600000000"),
        fixed_asset_investment=0,
        contract_date=dt.date(2026, 2, 1),
        responsible_unit=factories.units()["anzhou"],
    )


def _post(client, project, rows, **extra):
    data = {"credits-TOTAL_FORMS": "3", "credits-INITIAL_FORMS": "0", **extra}
    for i in range(3):
        unit, share = rows[i] if i < len(rows) else ("", "")
        data[f"credits-{i}-unit"] = unit.pk if unit else ""
        data[f"credits-{i}-share_percent"] = share
    return client.post(reverse("scoring:credits", args=[project.pk]), data, follow=True)


def _scores(group=ScoringGroup.TOWNSHIP):
    return {row.unit_name: row.score for row in league_table(Q1)[group]}


def test_staff_declare_shares_on_the_page_and_the_board_splits_the_points(client, staff, project):
    units = factories.units()
    client.force_login(staff)
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert reverse("scoring:credits", args=[project.pk]) in detail  # reached from the project's page
    page = client.get(reverse("scoring:credits", args=[project.pk])).content.decode()
    assert "精密铸造项目" in page and "安洲街道" in page and "100.00" in page  # the default shown

    answer = _post(client, project, [(units["anzhou"], "60"), (units["fuying"], "40")])
    assert answer.status_code == 200
    assert {(c.unit.code, c.share_percent) for c in ProjectCredit.objects.filter(project=project)} == {
        ("anzhou", Decimal("60.00")),
        ("fuying", Decimal("40.00")),
    }
    scores = _scores()
    assert scores["安洲街道"] == Decimal("6.00") and scores["福应街道"] == Decimal("4.00")

    entry = AuditEntry.objects.filter(project_id=project.pk, action="scoring.credits").get()
    assert entry.actor == staff
    assert entry.data["before"] == {}
    assert entry.data["shares"] == {str(units["anzhou"].pk): "60.00", str(units["fuying"].pk): "40.00"}
    assert action_text(entry) != "scoring.credits"  # the timeline reads it in words


def test_shares_not_making_a_hundred_are_refused_in_chinese_and_nothing_changes(client, staff, project):
    units = factories.units()
    client.force_login(staff)
    _post(client, project, [(units["anzhou"], "60"), (units["fuying"], "40")])
    page = _post(client, project, [(units["anzhou"], "60"), (units["fuying"], "30")]).content.decode()
    assert "合计为 90.00%" in page and "须恰好合计 100%" in page
    assert ProjectCredit.objects.filter(project=project).count() == 2
    assert ProjectCredit.objects.get(project=project, unit=units["fuying"]).share_percent == Decimal("40.00")
    twice = _post(client, project, [(units["anzhou"], "50"), (units["anzhou"], "50")]).content.decode()
    assert "重复" in twice
    no_share = _post(client, project, [(units["anzhou"], "")]).content.decode()
    assert "请填写该单位的分成比例" in no_share
    assert AuditEntry.objects.filter(project_id=project.pk, action="scoring.credits").count() == 1


def test_restoring_the_default_gives_everything_back_to_the_responsible_unit(client, staff, project):
    units = factories.units()
    client.force_login(staff)
    _post(client, project, [(units["anzhou"], "50"), (units["fuying"], "50")])
    page = _post(client, project, [], restore_default="").content.decode()
    assert "默认" in page
    assert not ProjectCredit.objects.filter(project=project).exists()
    assert _scores()["安洲街道"] == Decimal("10.00")
    last = AuditEntry.objects.filter(project_id=project.pk, action="scoring.credits").latest("at", "id")
    assert last.data["shares"] == {} and len(last.data["before"]) == 2


def test_only_staff_open_the_credits_page(client, leader, project):
    client.force_login(leader)
    assert client.get(reverse("scoring:credits", args=[project.pk])).status_code == 403
    detail = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert reverse("scoring:credits", args=[project.pk]) not in detail


def test_credits_through_the_api(staff, leader, project):
    units = factories.units()
    api = APIClient()
    url = f"/api/scoring/projects/{project.pk}/credits/"
    api.force_authenticate(leader)
    assert api.get(url).status_code == 403
    api.force_authenticate(staff)
    default = api.get(url).json()
    assert default["declared"] is False
    assert [(s["unit"], s["share_percent"]) for s in default["shares"]] == [(units["anzhou"].pk, "100.00")]

    bad = api.put(
        url,
        {
            "shares": [
                {"unit": units["anzhou"].pk, "share_percent": "70"},
                {"unit": units["fuying"].pk, "share_percent": "20"},
            ]
        },
        format="json",
    )
    assert bad.status_code == 400
    assert "90.00" in bad.json()["shares"][0]
    twice = api.put(
        url,
        {
            "shares": [
                {"unit": units["anzhou"].pk, "share_percent": "50"},
                {"unit": units["anzhou"].pk, "share_percent": "50"},
            ]
        },
        format="json",
    )
    assert twice.status_code == 400
    not_ranked = api.put(url, {"shares": [{"unit": staff.unit_id, "share_percent": "100"}]}, format="json")
    assert not_ranked.status_code == 400  # the investment promotion centre is not ranked
    assert not ProjectCredit.objects.filter(project=project).exists()

    good = api.put(
        url,
        {
            "shares": [
                {"unit": units["anzhou"].pk, "share_percent": "70"},
                {"unit": units["fuying"].pk, "share_percent": "30"},
            ]
        },
        format="json",
    )
    assert good.status_code == 200
    assert good.json()["declared"] is True
    assert [(s["unit_name"], s["share_percent"]) for s in good.json()["shares"]] == [
        ("安洲街道", "70.00"),
        ("福应街道", "30.00"),
    ]
    assert _scores()["福应街道"] == Decimal("3.00")
    assert api.put(url, {"shares": []}, format="json").json()["declared"] is False
    assert api.get("/api/scoring/projects/999999/credits/").status_code == 404


def test_the_credits_route_is_in_the_api_schema(staff):
    api = APIClient()
    api.force_authenticate(staff)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    assert {"get", "put"} <= set(schema["paths"]["/api/scoring/projects/{id}/credits/"])
