"""On a phone: an enterprise files a request, the lead unit answers it, the enterprise confirms and
rates the resolution."""

import pytest

from aftercare import services
from aftercare.enums import RequestState
from aftercare.models import ServiceRequest
from tests import factories
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_enterprise_files_on_a_phone_the_lead_unit_answers_and_the_enterprise_rates(
    phone_page, browser, live_server
):
    units = factories.units()
    project = factories.make_landed_project(name="精密制造一期", investor_name="浙江精密制造有限公司")
    factories.make_enterprise(project, username="qiye-b")
    staff = factories.make_user("promotion_staff", "touchu", username="staff-b")
    factories.make_user("platform_reviewer", "kaifaqu", username="kaifaqu-b")

    page = phone_page
    login(page, live_server, "qiye-b")
    page.goto(f"{live_server.url}/aftercare/")
    assert "精密制造一期" in page.locator("#my-projects").locator("xpath=..").inner_text()
    page.locator("#file-request").click()
    page.locator("#id_title").fill("厂区临时用电增容")
    page.locator("#id_category").select_option("utilities")
    page.locator("#id_description").fill("二期设备进场，需要增容到 2000 千伏安")
    page.locator("#id_blocks_milestone").select_option("completed")
    page.locator("#request-form button").click()
    page.wait_for_load_state("networkidle")
    assert page.locator("#request-state").inner_text() == "待交办"

    request = ServiceRequest.objects.get()
    services.request_route(request=request, by=staff, lead_unit=units["kaifaqu"])

    unit = browser.new_context(locale="zh-CN").new_page()
    login(unit, live_server, "kaifaqu-b")
    unit.goto(f"{live_server.url}/aftercare/{request.pk}/")
    unit.locator("#step-propose summary").click()
    unit.locator("#id_propose-resolution").fill("已协调供电公司完成增容，周五送电")
    unit.locator("#step-propose button").click()
    unit.wait_for_load_state("networkidle")
    assert unit.locator("#request-state").inner_text() == "待企业确认"
    unit.context.close()

    page.goto(f"{live_server.url}/aftercare/{request.pk}/")
    assert "周五送电" in page.locator("#resolution-text").inner_text()
    page.locator("#step-confirm summary").click()
    page.get_by_label("非常满意").check()
    page.locator("#id_confirm-comment").fill("响应很快")
    page.locator("#step-confirm button").click()
    page.wait_for_load_state("networkidle")

    assert page.locator("#request-state").inner_text() == "已办结（已解决）"
    assert page.locator("#request-rating").inner_text() == "非常满意"
    request.refresh_from_db()
    assert (request.state, request.rating) == (RequestState.SOLVED, 5)
    # The page fits the phone: nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
