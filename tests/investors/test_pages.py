"""Investor pages and API: who reads, who writes, lists in a bounded number of queries."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from investors import services
from investors.models import Interaction, Investor
from tests import factories

pytestmark = pytest.mark.django_db

PAGES = ["list", "create", "conversions", "stalled", "ceremonies", "unfunded"]


@pytest.mark.parametrize("name", PAGES)
def test_staff_open_every_investor_page(client, staff, name):
    client.force_login(staff)

    assert client.get(reverse(f"investors:{name}")).status_code == 200


def test_leaders_read_but_do_not_write(client, leader):
    client.force_login(leader)

    assert client.get(reverse("investors:list")).status_code == 200
    assert client.get(reverse("investors:create")).status_code == 403
    assert client.post(reverse("investors:ceremonies"), {"name": "x"}).status_code == 403


def test_a_department_reviewer_has_no_access_to_investor_records(client):
    client.force_login(factories.make_user("department_reviewer", "fagai"))

    assert client.get(reverse("investors:list")).status_code == 403
    assert client.get("/api/investors/").status_code == 403


def test_the_list_reads_both_ends_in_few_queries(client, staff, django_assert_max_num_queries):
    Investor.objects.bulk_create(
        Investor(name=f"客商{i:03d}有限公司", name_key=f"客商{i:03d}") for i in range(120)
    )
    client.force_login(staff)

    for page in ("1", "5"):
        with django_assert_max_num_queries(12):
            response = client.get(reverse("investors:list"), {"page": page})
        assert response.status_code == 200
    assert "客商119有限公司" in response.content.decode()


def test_staff_log_an_interaction_with_a_next_step_and_see_it_on_the_record(client, staff):
    investor = factories.make_investor(name="苏州瑞塑新材料科技有限公司")
    client.force_login(staff)
    today = timezone.localdate()

    response = client.post(
        reverse("investors:interaction_add", args=[investor.pk]),
        {
            "kind": "negotiation",
            "date": today.isoformat(),
            "place_kind": "outpost",
            "outcome": "确认落户意向",
            "next_step": "提交用地测算",
            "next_step_due": (today + dt.timedelta(days=7)).isoformat(),
            "supplier_needs": "on",
        },
    )

    assert response.status_code == 302
    step = Interaction.objects.get(investor=investor)
    assert step.staff == staff and step.supplier_needs
    page = client.get(reverse("investors:detail", args=[investor.pk])).content.decode()
    assert "提交用地测算" in page and "有配套需求" in page


def test_a_next_step_without_words_is_refused_in_chinese(client, staff):
    investor = factories.make_investor()
    client.force_login(staff)
    today = timezone.localdate()

    response = client.post(
        reverse("investors:interaction_add", args=[investor.pk]),
        {
            "kind": "visit",
            "date": today.isoformat(),
            "place_kind": "county",
            "outcome": "走访",
            "next_step_due": today.isoformat(),
        },
    )

    assert response.status_code == 200
    assert "请填写下一步工作。" in response.content.decode()


def test_the_api_creates_a_record_and_refuses_a_second_one(client, staff):
    client.force_login(staff)

    first = client.post("/api/investors/", {"name": "台州汇金投资有限公司"}, content_type="application/json")
    second = client.post(
        "/api/investors/", {"name": "台州汇金投资 有限公司"}, content_type="application/json"
    )

    assert first.status_code == 201
    assert second.status_code == 400
    assert "已有客商档案" in second.json()["name"][0]


def test_the_api_logs_an_interaction_on_a_project_against_its_company(client, staff):
    project = factories.make_project(investor_name="宁波恒拓汽车部件有限公司")
    client.force_login(staff)

    response = client.post(
        "/api/investor-interactions/",
        {"project": project.pk, "date": timezone.localdate().isoformat(), "outcome": "洽谈厂房"},
        content_type="application/json",
    )

    assert response.status_code == 201, response.json()
    assert Interaction.objects.get().investor.name == "宁波恒拓汽车部件有限公司"


def test_the_schema_describes_the_investor_api(client, staff):
    client.force_login(staff)

    paths = client.get("/api/schema/", {"format": "json"}).json()["paths"]

    for path in (
        "/api/investors/",
        "/api/investor-interactions/",
        "/api/signing-ceremonies/{id}/listings/",
        "/api/investor-reports/conversions/",
        "/api/investor-reports/unfunded/",
    ):
        assert path in paths


def test_the_stalled_list_shows_days_in_stage(client, staff):
    from projects.models import Project

    lead = factories.make_project(name="沉默线索", state="intake")
    Project.objects.filter(pk=lead.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    client.force_login(staff)

    page = client.get(reverse("investors:stalled")).content.decode()

    assert "沉默线索" in page and ">40<" in page


def test_the_centre_sees_stalled_leads_and_next_steps_on_its_home_page(client, staff):
    from projects.models import Project

    lead = factories.make_project(name="沉默线索甲", state="intake")
    Project.objects.filter(pk=lead.pk).update(created_at=timezone.now() - dt.timedelta(days=40))
    services.interaction_log(
        by=staff,
        investor=factories.make_investor(name="台州汇金投资有限公司"),
        data={
            "date": timezone.localdate(),
            "outcome": "走访",
            "next_step": "报送方案",
            "next_step_due": timezone.localdate() + dt.timedelta(days=1),
        },
    )
    client.force_login(staff)

    html = client.get("/").content.decode()
    panel = html.split('data-panel="investors.leads"', 1)[1].split("</section>", 1)[0]

    assert "沉默线索甲" in panel and "台州汇金投资有限公司" in panel and "报送方案" in panel
    client.force_login(factories.make_user("department_reviewer", "fagai"))
    assert 'data-panel="investors.leads"' not in client.get("/").content.decode()
