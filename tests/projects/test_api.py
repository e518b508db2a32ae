"""Projects API: list with the ledger's filters, create, update, transitions; structured errors."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from projects.enums import ProjectState
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db
S = ProjectState


def test_the_api_list_costs_the_same_queries_for_5_and_50_projects(
    client, staff, django_assert_max_num_queries
):
    client.force_login(staff)
    for _ in range(4):
        factories.make_project(deadline=dt.date(2026, 1, 5))
    client.get("/api/projects/")
    factories.make_project(deadline=dt.date(2026, 1, 5))  # the cached count is renewed, as below
    with CaptureQueriesContext(connection) as five:
        assert len(client.get("/api/projects/").json()["results"]) == 5
    for _ in range(45):
        factories.make_project(deadline=dt.date(2026, 1, 5))
    with django_assert_max_num_queries(len(five)):
        response = client.get("/api/projects/")
    assert len(response.json()["results"]) == 50


def test_the_api_list_takes_the_ledger_filters(client, staff):
    units = factories.units()
    factories.make_project(name="高端原料药基地", platform=units["kaifaqu"], state=S.SIGNED)
    factories.make_project(
        name="电商直播基地", platform=units["gaotie"], total_investment=Decimal("90000000")
    )
    client.force_login(staff)

    def names(query):
        return sorted(p["name"] for p in client.get("/api/projects/", query).json()["results"])

    assert names({"q": "直播"}) == ["电商直播基地"]
    assert names({"state": "signed"}) == ["高端原料药基地"]
    assert names({"platform": units["gaotie"].pk}) == ["电商直播基地"]
    assert names({"investment_max": "9000"}) == ["电商直播基地"]
    row = client.get("/api/projects/", {"q": "直播"}).json()["results"][0]
    assert row["light"] == "green"
    assert row["total_investment"] == "90000000.00"


def _payload(**over):
    data = {
        "name": "新能源零部件项目",
        "investor_name": "宁波恒拓汽车部件有限公司",
        "total_investment": "320000000.00",
        "fixed_asset_investment": "250000000.00",
        "land_area": "80",
    }
    data.update(over)
    return data


def test_staff_create_and_update_projects(client, staff):
    client.force_login(staff)
    response = client.post("/api/projects/", _payload(), content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["state"], body["light"]) == ("lead", "green")
    response = client.patch(
        f"/api/projects/{body['id']}/", {"funds_received": "1000000.00"}, content_type="application/json"
    )
    assert response.status_code == 200
    assert Project.objects.get(pk=body["id"]).funds_received == Decimal("1000000.00")


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"investor_credit_code": "1234"}, "investor_credit_code"),
        ({"fixed_asset_investment": "400000000.00"}, "fixed_asset_investment"),
        (
            {"planned_start_date": "2026-06-01", "planned_completion_date": "2026-05-01"},
            "planned_completion_date",
        ),
    ],
)
def test_bad_input_gets_structured_field_errors_and_changes_nothing(client, staff, over, field):
    client.force_login(staff)
    response = client.post("/api/projects/", _payload(**over), content_type="application/json")
    assert response.status_code == 400
    assert field in response.json()
    assert not Project.objects.exists()


def test_a_leader_may_read_but_not_create(client, leader):
    client.force_login(leader)
    assert client.get("/api/projects/").status_code == 200
    assert client.post("/api/projects/", _payload(), content_type="application/json").status_code == 403
    assert not Project.objects.exists()


def test_transitions_through_the_api(client, staff, leader, reviewer):
    units = factories.units()
    project = factories.make_project(state=S.INTAKE, responsible_unit=None)
    url = f"/api/projects/{project.pk}/transition/"
    client.force_login(staff)

    missing = client.post(url, {"to": "assessment"}, content_type="application/json")
    assert missing.status_code == 400
    assert set(missing.json()) == {"responsible_unit", "deadline"}

    out_of_order = client.post(url, {"to": "signed"}, content_type="application/json")
    assert out_of_order.status_code == 400
    assert "non_field_errors" in out_of_order.json()

    client.force_login(leader)
    assert client.post(url, {"to": "assessment"}, content_type="application/json").status_code == 403
    client.force_login(reviewer)
    assert client.post(url, {"to": "assessment"}, content_type="application/json").status_code == 403
    project.refresh_from_db()
    assert project.state == S.INTAKE

    client.force_login(staff)
    response = client.post(
        url,
        {"to": "assessment", "responsible_unit": units["baita"].pk, "deadline": "2026-12-31"},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json()["state"] == "assessment"


def test_leaders_record_decisions_through_the_api(client, leader, staff):
    units = factories.units()
    project = factories.make_project(state=S.DECISION, land_area=Decimal("10"))
    client.force_login(leader)
    response = client.post(
        f"/api/projects/{project.pk}/decisions/",
        {"body": units["leading-group"].pk, "outcome": "approved"},
        content_type="application/json",
    )
    assert response.status_code == 201
    client.force_login(staff)
    response = client.post(
        f"/api/projects/{project.pk}/transition/",
        {"to": "signed", "contract_date": "2026-03-02", "contracted_investment": "100000000.00"},
        content_type="application/json",
    )
    assert response.status_code == 200, response.json()


def test_the_api_pages_through_the_whole_ledger_in_order(client, staff):
    for _ in range(120):
        factories.make_project(fixed_asset_investment=0)
    client.force_login(staff)
    seen = []
    for number in (1, 2, 3):
        body = client.get("/api/projects/", {"page": number, "sort": "investment"}).json()
        seen += [row["id"] for row in body["results"]]
    assert body["count"] == 120
    assert seen == list(Project.objects.order_by("total_investment", "id").values_list("id", flat=True))


def test_a_ledger_row_says_what_the_project_record_says(client, staff):
    units = factories.units()
    project = factories.make_project(
        platform=units["gaotie"],
        contracted_investment=Decimal("12345.6"),
        deadline=dt.date(2026, 12, 31),
        land_area=Decimal("30.5"),
    )
    client.force_login(staff)
    row = client.get("/api/projects/").json()["results"][0]
    record = client.get(f"/api/projects/{project.pk}/").json()
    assert row == {key: record[key] for key in row}
    assert row["contracted_investment"] == "12345.60"
    assert row["land_area"] == "30.50"
    assert row["platform_name"] == "仙居高铁新城"


def test_the_api_list_row_agrees_with_the_project_and_keeps_its_nulls(client, staff):
    units = factories.units()
    project = factories.make_project(
        name="字段项目",
        platform=units["gaotie"],
        responsible_unit=units["kaifaqu"],
        total_investment=Decimal("123456789.50"),
        land_area=Decimal("12.5"),
        deadline=dt.date(2100, 1, 4),
    )
    client.force_login(staff)
    row = client.get("/api/projects/").json()["results"][0]
    assert row == {
        "id": project.pk,
        "name": "字段项目",
        "state": "lead",
        "investor_name": project.investor_name,
        "platform": units["gaotie"].pk,
        "platform_name": units["gaotie"].name,
        "industry_chain": None,
        "chain_link": None,
        "category": project.category,
        "source": project.source,
        "total_investment": "123456789.50",
        "fixed_asset_investment": "80000000.00",
        "contracted_investment": None,
        "funds_received": "0.00",
        "land_area": "12.50",
        "responsible_unit": units["kaifaqu"].pk,
        "responsible_unit_name": units["kaifaqu"].name,
        "deadline": "2100-01-04",
        "contract_date": None,
        "light": "green",
        "next_due": "2100-01-04",
    }
    detail = client.get(f"/api/projects/{project.pk}/").json()
    shared = [key for key in row if key in detail]
    assert {key: detail[key] for key in shared} == {key: row[key] for key in shared}
