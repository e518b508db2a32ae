"""On a phone: a referrer reports a lead and follows it; staff take it into the ledger."""

import re

import pytest

from projects.models import Project
from referrals.models import Referral
from tests import factories
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def check_status(page, base, code, digits):
    page.goto(f"{base}/refer/status/")
    page.fill("#id_tracking_code", code)
    page.fill("#id_mobile_last4", digits)
    page.get_by_role("button", name="查询").click()


def test_referrer_reports_on_a_phone_and_staff_accept_it(phone_page, live_server):
    page, base = phone_page, live_server.url
    factories.make_user("promotion_staff", "touchu", username="triage-b")

    page.goto(f"{base}/refer/")
    assert page.get_by_role("heading", name="报送招商线索").is_visible()
    assert page.get_by_text("个人信息保护法").is_visible()
    page.select_option("#id_referrer_kind", "hometown")
    page.fill("#id_referrer_name", "李乡贤")
    page.fill("#id_referrer_mobile", "13957601234")
    page.fill("#id_company_name", "杭州云栖生物医药有限公司")
    page.select_option("#id_industry", "modern_medicine")
    page.fill("#id_intended_investment_wan", "20000")
    page.fill("#id_description", "企业计划在长三角新建原料药生产基地，正在比选仙居。")
    page.check("#id_declared_not_official")
    page.check("#id_declared_not_investor")
    page.check("#id_privacy_consent")
    # Nothing on the page is wider than the phone.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.get_by_role("button", name="提交报送").click()

    page.wait_for_url(re.compile(r"/refer/thanks/"))
    assert "首报" in page.locator("#submission-message").inner_text()
    code = page.locator("#tracking-code").inner_text().strip()
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", code)

    check_status(page, base, code, "1234")
    assert page.locator("#status-label").inner_text() == "待处理"
    check_status(page, base, code, "4321")
    assert "没有与该追踪码和手机号后四位匹配的报送记录" in page.locator("#status-not-found").inner_text()

    login(page, live_server, "triage-b")
    page.goto(f"{base}/refer/queue/")
    page.get_by_role("link", name="杭州云栖生物医药有限公司").click()
    assert page.locator("#referrer-mobile").inner_text() == "13957601234"
    page.select_option("#id_accept-state", "intake")
    page.select_option("#id_accept-platform", label="开发区")
    page.get_by_role("button", name="受理", exact=True).click()
    assert page.get_by_role("alert").first.inner_text() == "已受理入库。"
    assert "杭州云栖生物医药有限公司投资项目" in page.locator("#referral-project").inner_text()

    project = Project.objects.get(investor_name="杭州云栖生物医药有限公司")
    assert project.state == "intake" and project.source == "referral"
    assert Referral.objects.get().project == project

    check_status(page, base, code, "1234")
    assert page.locator("#status-label").inner_text() == "已受理入库"
    assert page.locator("#status-stage").inner_text() == "跟进中"
