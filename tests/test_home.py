"""The home page: each role lands on its work, with numbers that are links (issue 14, point 1)."""

import ast
import datetime as dt
import re
from pathlib import Path

import pytest
from django.utils import timezone

from reviews.models import ReviewSettings
from reviews.services import review_round_open
from tests import factories
from tests.incentives.conftest import default_policy, staff2, worked_example  # noqa: F401 (fixtures)
from workdays.services import add_workdays
from xianju_invest.panels import panels_for, registered_panels

ROOT = Path(__file__).resolve().parent.parent
APPS = {
    "org",
    "projects",
    "reviews",
    "referrals",
    "incentives",
    "scoring",
    "notifications",
    "audit",
    "workdays",
}
FIXED = ["fagai", "jingxin", "zigui", "jianshe", "yingji", "shijian", "touchu", "huanbao"]


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def figure(html, figure_id):
    """(number, href) of a figure on the home page."""
    m = re.search(rf'href="([^"]*)" id="{figure_id}"><span class="fs-3 fw-semibold">([^<]+)</span>', html)
    assert m, f"no figure {figure_id}"
    return m[2].strip(), m[1].replace("&amp;", "&")


def opened_round(project, staff, *, opened, due):
    """A round opened on `opened` with every opinion due on `due` (both may be in the past)."""
    units = factories.units()
    return review_round_open(project=project, by=staff, extra_units=[units["kaifaqu"]], today=opened, due=due)


def test_the_home_page_knows_no_app():
    for name in ("views.py", "panels.py"):
        tree = ast.parse((ROOT / "xianju_invest" / name).read_text())
        imported = {
            (node.module or "").split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)
        } | {
            alias.name.split(".")[0]
            for node in ast.walk(tree)
            if isinstance(node, ast.Import)
            for alias in node.names
        }
        assert not imported & APPS, name


def test_every_app_registers_its_panels():
    ids = {p.id for p in registered_panels()}
    assert {
        "reviews.waiting",
        "reviews.expert",
        "reviews.rounds",
        "referrals.triage",
        "projects.red",
        "projects.decisions",
        "projects.rates",
        "projects.my-deadlines",
        "notifications.failures",
        "incentives.work",
        "scoring.position",
        "investors.leads",
    } <= ids


def test_reviewer_sees_opinions_waiting_late_first_and_opens_the_next_in_one_click(client, staff, reviewer):
    today = timezone.localdate()
    late_project = factories.make_project(state="pre_review", name="迟到的项目")
    soon_project = factories.make_project(state="pre_review", name="将到期的项目")
    opened_round(late_project, staff, opened=today - dt.timedelta(days=20), due=today - dt.timedelta(days=3))
    opened_round(soon_project, staff, opened=today, due=today + dt.timedelta(days=5))

    html = home(client, reviewer)

    waiting, url = figure(html, "opinions-waiting")
    assert waiting == "2" and client.get(url).status_code == 200
    assert figure(html, "opinions-late")[0] == "1"
    assert (today - dt.timedelta(days=3)).isoformat() in html  # the nearest deadline
    assert html.index("迟到的项目") < html.index("将到期的项目")
    next_url = re.search(r'id="open-next" href="([^"]+)"', html)[1]
    opened = client.get(next_url)
    assert opened.status_code == 200 and "迟到的项目" in opened.content.decode()
    assert "项目台账" not in html.split("<main", 1)[1]  # no card repeating the navigation


def test_a_reviewer_of_another_unit_sees_none_of_these_opinions(client, staff):
    project = factories.make_project(state="pre_review")
    opened_round(project, staff, opened=timezone.localdate(), due=timezone.localdate() + dt.timedelta(days=5))
    township = factories.make_user("department_reviewer", "baita")  # not among the reviewers

    html = home(client, township)

    assert figure(html, "opinions-waiting")[0] == "0" and 'id="open-next"' not in html


def test_staff_see_triage_rounds_waiting_on_units_red_lights_and_their_deadlines(client, staff):
    today = timezone.localdate()
    project = factories.make_project(state="pre_review", name="预审中的项目")
    opened_round(project, staff, opened=today - dt.timedelta(days=20), due=today - dt.timedelta(days=1))
    factories.make_project(state="signed", name="逾期项目", planned_start_date=today - dt.timedelta(days=30))
    factories.make_project(
        state="signed", name="我的项目", service_cadre=staff, planned_start_date=today + dt.timedelta(days=0)
    )
    from referrals.enums import ReferralStatus

    factories.make_confirmed_referral(
        factories.make_project(), status=ReferralStatus.SUBMITTED, is_first=True, company_name="待分诊公司"
    )

    html = home(client, staff)

    assert figure(html, "triage-count")[0] == "1" and "待分诊公司" in html
    assert figure(html, "rounds-open")[0] == "1"
    assert "预审中的项目" in html and "发改局" in html or "发改" in html  # whom the round waits on
    red, red_url = figure(html, "red-count")
    assert red == "1" and "逾期项目" in client.get(red_url).content.decode()
    deadlines = html.split('data-panel="projects.my-deadlines"', 1)[1].split("</section>", 1)[0]
    assert "我的项目" in deadlines and "逾期项目" not in deadlines
    for figure_id in ("triage-count", "rounds-open", "red-count"):
        assert client.get(figure(html, figure_id)[1]).status_code == 200


def test_leaders_see_decisions_waiting_the_five_rates_and_red_lights(client, leader):
    today = timezone.localdate()
    factories.make_project(state="decision", name="待决策项目")
    factories.make_project(state="signed", contract_date=today.replace(month=1, day=1))

    html = home(client, leader)

    count, url = figure(html, "decisions-count")
    assert count == "1" and "待决策项目" in html and client.get(url).status_code == 200
    for key in ("performance", "start", "completion", "capacity", "funds"):
        rate_url = re.search(rf'href="([^"]+)" id="home-rate-{key}"', html)[1].replace("&amp;", "&")
        assert client.get(rate_url).status_code == 200
    assert 'id="red-count"' in html
    assert "100.0%" in html  # 履约率: one signed, not exited


def test_administrators_see_failed_deliveries(client, db):
    from notifications.enums import Channel, DeliveryStatus
    from notifications.models import Delivery, Event

    admin = factories.make_user("administrator", "touchu")
    event = Event.objects.create(kind="project.turned_red", key="red:1", payload={"name": "x"})
    Delivery.objects.create(event=event, recipient=admin, channel=Channel.EMAIL, status=DeliveryStatus.FAILED)

    html = home(client, admin)

    count, url = figure(html, "failed-deliveries")
    assert count == "1" and client.get(url).status_code == 200
    assert "电子邮件" in html or str(Channel.EMAIL.label) in html
    assert "email" not in html.split('data-panel="notifications.failures"', 1)[1].split("</section>")[0]


def test_rewards_panel_counts_each_roles_step(client, staff, leader, worked_example):  # noqa: F811
    from incentives import services
    from incentives.enums import InstallmentState
    from incentives.models import Installment

    services.installments_create_due(today=dt.date(2030, 3, 1))
    calculated = Installment.objects.filter(state=InstallmentState.CALCULATED).count()
    assert calculated
    finance = factories.make_user("finance", "caizheng")

    assert figure(home(client, staff), "rewards-to_check")[0] == str(calculated)
    assert figure(home(client, leader), "rewards-to_approve")[0] == "0"
    # A notice that ended yesterday: the payment falls due.
    Installment.objects.filter(pk=Installment.objects.first().pk).update(
        state=InstallmentState.NOTICED, notice_until=timezone.localdate() - dt.timedelta(days=1)
    )
    count, url = figure(home(client, finance), "rewards-to_pay")
    assert count == "1" and client.get(url).status_code == 200


def test_a_unit_sees_its_place_on_the_latest_frozen_board(client, reviewer):
    from scoring.models import BoardSnapshot, SnapshotRow

    snapshot = BoardSnapshot.objects.create(period_kind="month", period_start=dt.date(2026, 1, 1))
    units = factories.units()
    for rank, code in enumerate(FIXED, start=1):
        SnapshotRow.objects.create(
            snapshot=snapshot, group="department", unit=units[code], score=10 - rank, rank=rank, tier="B"
        )

    html = home(client, reviewer)  # the reviewer acts for 发改局, ranked first

    assert 'id="league-rank"' in html and "1" in re.search(r'id="league-rank">(.*?)</a>', html, re.S)[1]
    assert "8" in re.search(r'id="league-rank">(.*?)</a>', html, re.S)[1]
    assert (
        client.get(re.search(r'href="([^"]+)" id="league-rank"', html)[1].replace("&amp;", "&")).status_code
        == 200
    )


# Query budget of each panel's source, with rows to show: it must not grow with the data.
BUDGETS = {
    "reviews.waiting": 4,
    "reviews.expert": 4,
    "reviews.rounds": 4,
    "referrals.triage": 2,
    "projects.red": 2,
    "projects.decisions": 2,
    "projects.rates": 1,
    "projects.my-deadlines": 3,
    "notifications.failures": 4,
    "incentives.work": 1,
    "scoring.position": 3,
    "aftercare.work": 2,
    "investors.leads": 5,
}


@pytest.mark.parametrize("rows", [1, 6])
def test_each_panel_keeps_to_its_query_budget(django_assert_max_num_queries, staff, rows):
    today = timezone.localdate()
    for i in range(rows):
        project = factories.make_project(
            state="pre_review",
            service_cadre=staff,
            planned_signing_date=today,
            deadline=today - dt.timedelta(days=i),
        )
        opened_round(project, staff, opened=today - dt.timedelta(days=20), due=today - dt.timedelta(days=i))
    users = {
        "reviews.waiting": factories.make_user("department_reviewer", "fagai"),
        "reviews.expert": staff,
        "projects.decisions": factories.make_user("leader", "leading-group"),
        "projects.rates": staff,
        "scoring.position": factories.make_user("department_reviewer", "fagai"),
    }
    ReviewSettings.load()  # created once, by the first page that reads it
    add_workdays(today, 1)  # the calendar's adjustments are cached for every page
    for panel in registered_panels():
        user = users.get(panel.id, staff)
        user.has_perm("org.view_all")  # the permission cache is warm on every page
        with django_assert_max_num_queries(BUDGETS[panel.id]):
            panel.source(user, today=today)


def test_the_home_page_query_count_does_not_grow_with_the_ledger(
    client, django_assert_max_num_queries, staff
):
    def move_every_panel():  # measure with every panel recomputed, as after a change of each
        for cache in {panel.cache for panel in registered_panels() if panel.cache is not None}:
            cache.bump()

    def add_rounds(n):
        for _ in range(n):
            project = factories.make_project(
                state="pre_review", service_cadre=staff, planned_signing_date=timezone.localdate()
            )
            due = timezone.localdate() + dt.timedelta(days=3)
            opened_round(project, staff, opened=timezone.localdate(), due=due)

    add_rounds(1)
    client.force_login(staff)
    client.get("/")
    move_every_panel()
    with django_assert_max_num_queries(30) as few:
        client.get("/")
    add_rounds(10)
    move_every_panel()
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get("/")


@pytest.mark.parametrize(
    "role,unit,expected",
    [
        ("department_reviewer", "fagai", {"reviews.waiting", "scoring.position"}),
        ("platform_reviewer", "kaifaqu", {"reviews.waiting", "scoring.position"}),
        (
            "promotion_staff",
            "touchu",
            {
                "referrals.triage",
                "reviews.rounds",
                "projects.red",
                "projects.my-deadlines",
                "incentives.work",
            },
        ),
        (
            "leader",
            "leading-group",
            {"projects.decisions", "projects.rates", "projects.red", "incentives.work"},
        ),
        ("finance", "caizheng", {"incentives.work"}),
        ("administrator", "touchu", {"notifications.failures", "projects.red", "referrals.triage"}),
    ],
)
def test_each_role_sees_the_panels_of_its_work_and_no_other(db, role, unit, expected):
    user = factories.make_user(role, unit)
    shown = {p["id"] for p in panels_for(user)}
    assert expected <= shown
    if role in ("department_reviewer", "platform_reviewer", "finance"):
        assert not shown & {"projects.red", "projects.rates", "referrals.triage", "notifications.failures"}


def test_a_reviewer_sees_the_count_move_on_the_page_after_signing(client, staff, reviewer):
    from reviews.models import ReviewOpinion
    from reviews.services import opinion_sign

    today = timezone.localdate()
    for name in ("第一个项目", "第二个项目"):
        project = factories.make_project(state="pre_review", name=name)
        opened_round(project, staff, opened=today, due=today + dt.timedelta(days=5))
    assert figure(home(client, reviewer), "opinions-waiting")[0] == "2"  # now kept in the cache

    opinion = ReviewOpinion.objects.filter(unit=reviewer.unit, verdict="").order_by("pk").first()
    opinion_sign(opinion=opinion, by=reviewer, verdict="agree")

    html = home(client, reviewer)
    assert figure(html, "opinions-waiting")[0] == "1"
    # The convener's rounds panel moved too: that round has one opinion signed.
    assert "已签署 1 / " in home(client, staff)


def test_a_home_page_whose_figures_have_not_moved_makes_no_query_for_its_panels(
    client, django_assert_max_num_queries, staff
):
    today = timezone.localdate()
    project = factories.make_project(state="pre_review", service_cadre=staff, planned_signing_date=today)
    opened_round(project, staff, opened=today, due=today + dt.timedelta(days=3))
    client.force_login(staff)
    client.get("/")
    # What is left is the frame's: the signed-in user's row (their unit joined).
    with django_assert_max_num_queries(1):
        assert client.get("/").status_code == 200


def test_panel_partials_read_only_their_data_so_the_drawn_html_may_be_kept():
    from django.template.loader import get_template

    for panel in registered_panels():
        source = Path(get_template(panel.template).origin.name).read_text()
        assert not re.search(r"\b(user|request|perms|csrf_token)\b", source), panel.template
