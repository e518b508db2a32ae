"""Staff walk a project from creation to assessment in a real browser, and read the ledger on a phone."""

import pytest

from projects.models import Project
from tests import factories
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_staff_create_a_project_and_move_it_to_assessment(page, live_server):
    factories.make_user("promotion_staff", "touchu", username="staff-b")
    units = factories.units()
    login(page, live_server, "staff-b")

    page.goto(f"{live_server.url}/projects/")
    page.get_by_role("link", name="新建项目").click()
    page.get_by_label("项目名称").fill("年产500万套医用导管项目")
    page.fill("#id_investor_name", "杭州康联医疗器械有限公司")
    page.get_by_label("总投资(万元)").fill("120000")
    page.get_by_label("固定资产投资(万元)").fill("80000")
    page.get_by_label("用地面积(亩)").fill("200")
    page.get_by_role("button", name="创建项目").click()
    page.wait_for_load_state("networkidle")
    assert "项目“年产500万套医用导管项目”已创建。" in page.content()
    assert page.locator("#project-state").inner_text() == "线索"

    page.locator("summary", has_text="推进到“导入”").click()
    page.get_by_role("button", name="推进到“导入”").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#project-state").inner_text() == "导入"

    step = page.locator("details", has_text="推进到“研判”")
    step.locator("summary").click()
    step.get_by_role("button", name="推进到“研判”").click()  # without the data it asks for
    page.wait_for_load_state("networkidle")
    assert "进入“研判”阶段必须填写。" in page.content()
    assert page.locator("#project-state").inner_text() == "导入"

    step = page.locator("details", has_text="推进到“研判”")
    step.get_by_label("责任单位").select_option(label="白塔镇")
    step.get_by_label("办结时限").fill("2026-12-31")
    step.get_by_role("button", name="推进到“研判”").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#project-state").inner_text() == "研判"
    assert "从“导入”推进到“研判”" in page.locator("#timeline").inner_text()

    project = Project.objects.get(name="年产500万套医用导管项目")
    assert project.state == "assessment"
    assert project.responsible_unit == units["baita"]
    assert str(project.total_investment) == "1200000000.00"


def test_the_ledger_reads_as_cards_on_a_phone(phone_page, live_server):
    factories.make_user("leader", "leading-group", username="leader-b")
    factories.make_project(name="电商直播基地")
    login(phone_page, live_server, "leader-b")
    phone_page.goto(f"{live_server.url}/projects/")
    cell = phone_page.locator("td[data-label='项目']", has_text="电商直播基地")
    assert cell.is_visible()
    assert phone_page.locator("table.table-responsive-cards thead").is_hidden()
    width = phone_page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400
