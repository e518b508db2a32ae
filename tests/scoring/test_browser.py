"""In the browser: a leader drills from the quarter's board to a project; a township claims a challenge."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from scoring.enums import PeriodKind
from scoring.models import ChallengeClaim
from scoring.periods import Period
from tests import factories
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_leader_drills_from_the_quarter_board_down_to_a_project(page, live_server):
    units = factories.units()
    quarter = Period.containing(PeriodKind.QUARTER, timezone.localdate())
    factories.make_project(
        name="医用导管扩产项目",
        total_investment=Decimal("600000000"),
        fixed_asset_investment=0,
        contract_date=quarter.start,
        responsible_unit=units["hengxi"],
    )
    factories.make_user("leader", "leading-group", username="leader-b")
    login(page, live_server, "leader-b")
    page.get_by_role("button", name="奖励与考核").click()  # the navigation's menu
    page.get_by_role("link", name="晾晒比拼").first.click()
    page.wait_for_load_state("networkidle")
    table = page.locator("#board-township")
    assert table.locator("tr", has_text="横溪镇").locator("td").first.inner_text() == "1"
    table.get_by_role("link", name="横溪镇").click()
    assert page.locator("#unit-total").inner_text() == "10.00"
    assert "签约（规模分档 × 类别系数）" in page.locator("#lines").inner_text()
    page.locator("#lines").get_by_role("link", name="医用导管扩产项目").click()
    page.wait_for_load_state("networkidle")
    assert "医用导管扩产项目" in page.locator("h1").inner_text()


def test_staff_post_a_challenge_that_a_township_claims(browser, live_server):
    factories.make_user("promotion_staff", "touchu", username="staff-b")
    factories.make_user("platform_reviewer", "anzhou", username="anzhou-b")
    staff = browser.new_context(locale="zh-CN").new_page()
    login(staff, live_server, "staff-b")
    staff.goto(f"{live_server.url}/league/challenges/")
    staff.get_by_text("发布揭榜任务").click()
    staff.locator("#id_title").fill("引进医疗器械链主企业")
    staff.locator("#id_min_investment_wan").fill("50000")
    staff.locator("#id_deadline").fill((timezone.localdate() + dt.timedelta(days=60)).isoformat())
    staff.locator("#id_bonus").fill("8")
    staff.locator("#challenge-form button").click()
    staff.wait_for_load_state("networkidle")
    assert "引进医疗器械链主企业" in staff.locator("#challenges-open").inner_text()

    township = browser.new_context(locale="zh-CN").new_page()
    login(township, live_server, "anzhou-b")
    township.goto(f"{live_server.url}/league/challenges/")
    township.locator("#challenges-open").get_by_role("button", name="揭榜").click()
    township.wait_for_load_state("networkidle")
    assert "贵单位已揭榜" in township.content()
    assert ChallengeClaim.objects.get().unit.code == "anzhou"


def test_staff_split_a_projects_points_between_two_units_from_its_page(page, live_server):
    units = factories.units()
    quarter = Period.containing(PeriodKind.QUARTER, timezone.localdate())
    project = factories.make_project(
        name="联合招引精密铸造项目",
        total_investment=Decimal("600000000"),
        fixed_asset_investment=0,
        contract_date=quarter.start,
        responsible_unit=units["hengxi"],
    )
    factories.make_user("promotion_staff", "touchu", username="staff-c")
    login(page, live_server, "staff-c")
    page.goto(f"{live_server.url}/projects/{project.pk}/")
    page.locator("#project-credits-link").click()
    page.wait_for_load_state("networkidle")
    assert "100.00" in page.locator("#credits-current").inner_text()  # the default, all to 横溪镇
    page.locator("#id_credits-0-unit").select_option(label="横溪镇")
    page.locator("#id_credits-0-share_percent").fill("60")
    page.locator("#id_credits-1-unit").select_option(label="安洲街道")
    page.locator("#id_credits-1-share_percent").fill("30")
    page.get_by_role("button", name="保存分成比例").click()
    page.wait_for_load_state("networkidle")
    assert "合计为 90.00%" in page.locator("#credits-errors").inner_text()  # said, nothing saved
    page.locator("#id_credits-1-share_percent").fill("40")
    page.get_by_role("button", name="保存分成比例").click()
    page.wait_for_load_state("networkidle")
    assert "计分单位已保存" in page.content()
    page.goto(f"{live_server.url}/league/?period={quarter.key}&group=township")
    board = page.locator("#board-township")
    assert "6.00" in board.locator("tr", has_text="横溪镇").inner_text()
    assert "4.00" in board.locator("tr", has_text="安洲街道").inner_text()
