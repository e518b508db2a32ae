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
