"""In the browser: staff check a reward, a leader approves it, the public notice shows it, the
finance bureau pays it, and the referrer sees it on the status page."""

import datetime as dt

import pytest

from incentives.models import Installment
from incentives.services import installments_create_due, policy_ensure_default
from tests import factories
from tests.conftest import login, logout

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reward_from_check_to_payment(page, live_server):
    base = live_server.url
    policy_ensure_default()
    checker = factories.make_user("promotion_staff", "touchu", username="checker")
    verifier = factories.make_user("promotion_staff", "touchu", username="verifier")
    factories.make_user("leader", "leading-group", username="boss")
    factories.make_user("finance", "caizheng", username="caizheng")
    project = factories.make_rewarded_project(entered_by=checker, verified_by=verifier)
    referral = factories.make_confirmed_referral(project)
    installments_create_due(today=dt.date(2025, 12, 1))
    inst = Installment.objects.get(project=project, slot="completion")
    card = f"#installment-{inst.pk}"

    login(page, live_server, "checker")
    page.goto(f"{base}/rewards/projects/{project.pk}/")
    page.locator(card).get_by_text("计算过程").click()
    assert "投资强度" in page.locator(card).inner_text()
    page.locator(card).get_by_role("button", name="复核通过").click()
    assert page.locator(card).get_attribute("data-state") == "checked"
    logout(page)

    login(page, live_server, "boss")
    page.goto(f"{base}/rewards/queue/")
    page.locator(f"#queue-{inst.pk}").get_by_role("button", name="审批同意").click()
    assert page.locator(f"#queue-{inst.pk}").count() == 0
    logout(page)

    login(page, live_server, "checker")
    page.goto(f"{base}/rewards/")
    page.locator("#publish-all").click()
    logout(page)

    page.goto(f"{base}/rewards/notice/")  # no login
    row = page.locator(f"#notice-{inst.pk}")
    assert "王**" in row.inner_text() and "2,000,000.00" in row.inner_text()

    # the seven days of notice pass
    Installment.objects.filter(pk=inst.pk).update(
        notice_from=dt.date.today() - dt.timedelta(days=8),
        notice_until=dt.date.today() - dt.timedelta(days=2),
    )
    login(page, live_server, "caizheng")
    page.goto(f"{base}/rewards/projects/{project.pk}/")
    page.locator(f"#voucher-{inst.pk}").fill("财付-2026-0099")
    page.locator(card).get_by_role("button", name="登记发放").click()
    assert page.locator(card).get_attribute("data-state") == "paid"
    assert "财付-2026-0099" in page.locator(card).inner_text()
    logout(page)

    page.goto(f"{base}/refer/status/")
    page.fill("#id_tracking_code", referral.display_code)
    page.fill("#id_mobile_last4", "1234")
    page.get_by_role("button", name="查询").click()
    text = page.locator("#status-result").inner_text()
    assert "引荐奖" in text and "已发放" in text and "1600000" in text.replace(",", "")
