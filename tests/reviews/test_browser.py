"""Every department signs from its own account in a real browser; the convener opens the minutes."""

import pytest

from reviews.services import review_round_open
from tests import factories
from tests.conftest import login

from .conftest import FIXED_CODES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign(browser, live_server, username, verdict_label, reason="", conditions=""):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20000)
    try:
        login(page, live_server, username)
        page.goto(f"{live_server.url}/reviews/")
        page.get_by_role("link", name="签署", exact=True).first.click()
        page.get_by_label(verdict_label, exact=True).check()
        if reason:
            page.fill("#id_reason", reason)
        if conditions:
            page.fill("#id_conditions", conditions)
        page.get_by_role("button", name="签署", exact=True).click()
        page.wait_for_load_state("networkidle")
        return page.locator(".alert").first.inner_text()
    finally:
        context.close()


def test_every_department_signs_in_the_browser_and_the_convener_opens_the_minutes(browser, page, live_server):
    units = factories.units()
    staff = factories.make_user("promotion_staff", "touchu", username="convener")
    for code in FIXED_CODES:
        factories.make_user("department_reviewer", code, username=f"b-{code}")
    factories.make_user("platform_reviewer", "kaifaqu", username="b-kaifaqu")
    project = factories.make_project(state="pre_review", name="浏览器预审项目")
    round_ = review_round_open(project=project, by=staff, extra_units=[units["kaifaqu"]])

    messages = []
    for code in [*FIXED_CODES, "kaifaqu"]:
        if code == "huanbao":
            messages.append(
                _sign(browser, live_server, f"b-{code}", "有条件同意", "排污指标", "落实总量替代")
            )
        else:
            messages.append(_sign(browser, live_server, f"b-{code}", "同意"))
    assert all("意见已签署" in m for m in messages)
    assert "本轮预审已结束" in messages[-1]

    login(page, live_server, "convener")
    page.goto(f"{live_server.url}/reviews/rounds/{round_.pk}/")
    assert page.locator("#outcome").inner_text() == "有条件通过"
    page.click("#minutes-link")
    minutes = page.locator("#minutes")
    assert "仙居县“8+X”项目预审会议纪要" in minutes.inner_text()
    assert "落实总量替代" in minutes.inner_text()
    assert "浏览器预审项目" in minutes.inner_text()
    with page.expect_response(lambda r: r.url.endswith("minutes.pdf")) as info:
        page.evaluate("url => fetch(url)", f"{live_server.url}/reviews/rounds/{round_.pk}/minutes.pdf")
    assert info.value.headers["content-type"] == "application/pdf"
    project.refresh_from_db()
    assert project.state == "decision"


def test_the_inbox_turns_into_cards_on_a_phone(phone_page, live_server):
    staff = factories.make_user("promotion_staff", "touchu")
    factories.make_user("department_reviewer", "fagai", username="phone-fagai")
    review_round_open(project=factories.make_project(state="pre_review", name="手机预审项目"), by=staff)
    login(phone_page, live_server, "phone-fagai")
    phone_page.goto(f"{live_server.url}/reviews/")
    assert not phone_page.locator("#inbox thead").is_visible()
    row = phone_page.locator("#inbox tbody tr").first
    assert "手机预审项目" in row.inner_text()
    assert row.bounding_box()["width"] <= 390
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 392
