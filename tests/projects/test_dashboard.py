"""The leader dashboard: funnel, monthly rates, platforms and chains, the red-light list."""

import datetime as dt
import json
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from projects import analytics
from projects.enums import ProjectState as S
from tests import factories
from tests.conftest import login

WAN = Decimal("10000")


@pytest.fixture
def county(db):
    units = factories.units()
    today = timezone.localdate()
    factories.make_project(name="线索一", state=S.LEAD)
    factories.make_project(name="线索二", state=S.LEAD, platform=units["gaotie"])
    factories.make_project(
        name="已签约逾期未开工",
        state=S.SIGNED,
        contract_date=today - dt.timedelta(days=90),
        planned_start_date=today - dt.timedelta(days=30),
        contracted_investment=Decimal("300000000"),
        total_investment=Decimal("300000000"),
        industry_chain_id="medical_devices",
    )
    factories.make_project(
        name="开工项目",
        state=S.STARTED,
        contract_date=today - dt.timedelta(days=200),
        actual_start_date=today - dt.timedelta(days=100),
        planned_completion_date=today + dt.timedelta(days=300),
        platform=units["dujiaqu"],
        category="culture_tourism",
        industry_chain_id="culture_tourism",
    )
    factories.make_project(name="已退出", state=S.EXITED, exit_reason="投资方撤回")
    return units


def test_funnel_counts_projects_in_or_past_each_stage(county):
    from projects.models import Project

    data = analytics.funnel(Project.objects.all())

    stages = {s["state"]: s["count"] for s in data["stages"]}
    # Lead: both leads + signed + started = 4 (the exited one is counted apart).
    assert stages[S.LEAD] == 4
    assert stages[S.SIGNED] == 2
    assert stages[S.STARTED] == 1
    assert stages[S.COMPLETED] == 0
    assert {e["state"]: e["count"] for e in data["exits"]}[S.EXITED] == 1


def test_platform_and_chain_totals_leave_out_exited_projects(county):
    from projects.models import Project

    platforms = {r["label"]: r for r in analytics.by_platform(Project.objects.all())}
    # Development zone: 线索一 (1亿) + 已签约逾期未开工 (3亿) = 2 projects, 4亿; the exited one is out.
    assert platforms["开发区"]["projects"] == 2
    assert platforms["开发区"]["investment_yi"] == 4.0
    assert platforms["高铁新城"]["projects"] == 1
    chains = {r["label"]: r["projects"] for r in analytics.by_chain(Project.objects.all())}
    assert chains["医疗器械"] == 1
    assert chains["文化旅游"] == 1


def test_dashboard_page_carries_the_chart_data_and_the_red_list(client, leader, county):
    client.force_login(leader)

    response = client.get(reverse("projects:dashboard"))

    assert response.status_code == 200
    html = response.content.decode()
    assert "领导驾驶舱" in html or "驾驶舱" in html
    assert "vendor/echarts/echarts.min.js" in html
    start = html.index('id="dashboard-data"')
    payload = html[html.index(">", start) + 1 : html.index("</script>", start)]
    data = json.loads(payload)
    # Lead stage: every project but the exited one (4); intake and later: signed + started (2).
    assert [s["count"] for s in data["funnel"]["stages"]][:2] == [4, 2]
    assert len(data["months"]["months"]) == 12
    assert {s["key"] for s in data["months"]["series"]} == {r.key for r in analytics.RATES}
    assert {p["label"] for p in data["platforms"]} >= {"开发区", "高铁新城", "度假区"}
    # The signed project whose planned start passed a month ago is overdue, and listed.
    red = response.context["red_projects"]
    assert [p.name for p in red] == ["已签约逾期未开工"]
    assert "已签约逾期未开工" in html


def test_monthly_rates_put_each_project_in_the_month_of_its_date(db):
    from projects.models import Project

    today = dt.date(2026, 6, 15)
    factories.make_project(name="a", state=S.SIGNED, contract_date=dt.date(2026, 3, 3))
    factories.make_project(name="b", state=S.EXITED, contract_date=dt.date(2026, 3, 20), exit_reason="x")
    factories.make_project(name="c", state=S.SIGNED, contract_date=dt.date(2026, 5, 2))

    data = analytics.rates_by_month(Project.objects.all(), today=today, months=4)

    assert data["months"] == ["2026-03", "2026-04", "2026-05", "2026-06"]
    performance = next(s for s in data["series"] if s["key"] == "performance")
    # March: a and b signed, b exited -> 1/2 = 50%; April: none; May: c -> 100%.
    assert performance["percent"] == [50.0, None, 100.0, None]


def test_dashboard_is_for_staff_and_leaders_only(client, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("projects:dashboard")).status_code == 403


def test_dashboard_query_count_does_not_grow_with_projects(
    client, leader, county, django_assert_max_num_queries
):
    client.force_login(leader)
    client.get(reverse("projects:dashboard"))
    with django_assert_max_num_queries(30) as few:
        client.get(reverse("projects:dashboard"))
    few_projects = len(few.captured_queries)
    for i in range(20):
        factories.make_project(name=f"more{i}", state=S.SIGNED, contract_date=timezone.localdate())
    client.get(reverse("projects:dashboard"))  # the factory saved units: the signed-in user is reloaded once
    with django_assert_max_num_queries(few_projects):
        assert client.get(reverse("projects:dashboard")).status_code == 200


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_leader_reads_the_dashboard_charts_on_a_phone(phone_page, live_server):
    factories.make_user("leader", "leading-group", username="boss")
    factories.make_project(name="手机上的项目", state=S.LEAD)

    login(phone_page, live_server, "boss")
    phone_page.goto(f"{live_server.url}{reverse('projects:dashboard')}")

    for chart in ("funnel", "months", "platforms", "chains"):
        phone_page.wait_for_selector(f"#chart-{chart} svg")
    assert phone_page.locator("#chart-funnel").inner_text().count("线索") >= 1
    overflow = phone_page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
