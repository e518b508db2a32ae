"""The reward pages as each role sees them."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from incentives import services
from incentives.enums import InstallmentState as S
from incentives.enums import Reward
from incentives.models import Installment, Objection
from referrals.selectors import referral_public_status
from tests import factories

from .conftest import TODAY


@pytest.fixture
def rewards(worked_example, staff, staff2):
    services.beneficiaries_set(
        project=worked_example,
        reward=Reward.REFERRAL,
        by=staff,
        rows=[
            {
                "name": "王引荐",
                "kind": "individual",
                "share": 100,
                "identifier": "330000199001011234",
                "account": "6222020200001234567",
                "bank_name": "仙居农商银行",
                "referral": worked_example.referrals.get(),
            }
        ],
    )
    services.installments_create_due(today=TODAY)
    return Installment.objects.get(project=worked_example, slot="completion")


def test_register_filters_totals_and_query_count(client, staff, rewards, django_assert_max_num_queries):
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("incentives:list"), {"reward": "referral", "state": "calculated"})
    assert response.status_code == 200
    text = response.content.decode()
    assert "2,000,000.00" in text and "王引荐" in text
    assert response.context["totals"]["count"] == 3
    response = client.get(reverse("incentives:list"), {"reward": "investment"})
    assert response.context["totals"]["count"] == 1


def test_payee_details_are_masked_except_to_finance(client, staff, finance, rewards):
    url = reverse("incentives:project", args=[rewards.project_id])
    client.force_login(staff)
    text = client.get(url).content.decode()
    assert "6222020200001234567" not in text and "4567" in text
    client.force_login(finance)
    assert "6222020200001234567" in client.get(url).content.decode()
    book = load_workbook(io.BytesIO(client.get(reverse("incentives:export")).content))
    assert "6222020200001234567" in [c.value for c in book.active[2]]
    client.force_login(staff)
    book = load_workbook(io.BytesIO(client.get(reverse("incentives:export")).content))
    assert "6222020200001234567" not in [c.value for c in book.active[2]]


def test_project_tab_explains_every_line(client, staff, rewards):
    client.force_login(staff)
    response = client.get(reverse("incentives:project", args=[rewards.project_id]))
    text = response.content.decode()
    assert "投资强度" in text and "封顶" in text and "按封顶剩余额度削减" in text


def test_people_outside_the_centre_cannot_see_the_register(client, reviewer):
    client.force_login(reviewer)
    assert client.get(reverse("incentives:list")).status_code == 403


def test_public_notice_needs_no_login_and_masks_names(client, rewards, staff, leader):
    services.installment_check(installment=rewards, by=staff)
    services.installment_approve(installment=rewards, by=leader)
    services.installment_publish(installment=rewards, by=staff)
    text = client.get(reverse("incentives:notice")).content.decode()
    assert "王**" in text and "王引荐" not in text and "2,000,000.00" in text
    response = client.post(
        reverse("incentives:object", args=[rewards.pk]), {"name": "李四", "contact": "139", "text": "有异议"}
    )
    assert response.status_code == 302
    rewards.refresh_from_db()
    assert rewards.state == S.HELD and Objection.objects.count() == 1


def test_bad_tax_on_the_page_gets_a_chinese_message_and_nothing_saved(client, staff, worked_example):
    client.force_login(staff)
    url = reverse("incentives:tax", args=[worked_example.pk])
    response = client.post(url, {"year": "2027", "amount": "-5"}, follow=True)
    assert "县级留存税收（万元）：确保该值大于或等于" in response.content.decode()
    response = client.post(url, {"year": "2027", "amount": "abc"}, follow=True)
    assert "数字" in response.content.decode()
    assert worked_example.retained_taxes.filter(year=2027).count() == 0


def test_beneficiary_shares_not_summing_to_100_are_refused_on_the_page(client, staff, worked_example):
    client.force_login(staff)
    url = reverse("incentives:beneficiaries", args=[worked_example.pk, "referral"])
    data = {"b-TOTAL_FORMS": "2", "b-INITIAL_FORMS": "0", "b-MIN_NUM_FORMS": "1", "b-MAX_NUM_FORMS": "6"}
    data.update({"b-0-name": "甲", "b-0-kind": "individual", "b-0-share": "50"})
    data.update({"b-1-name": "乙", "b-1-kind": "organisation", "b-1-share": "49.99"})
    response = client.post(url, data)
    assert response.status_code == 400
    assert "必须正好等于 100" in response.content.decode()


def test_figures_upload_then_a_colleague_verifies(client, staff, staff2):
    project = factories.make_project()
    client.force_login(staff)
    pdf = SimpleUploadedFile("report.pdf", b"%PDF-1.4 x", content_type="application/pdf")
    client.post(
        reverse("incentives:figures", args=[project.pk]),
        {"fixed_asset_investment": "8000", "equipment_investment": "300", "land_area": "20", "document": pdf},
    )
    figures = project.reward_figures
    assert figures.fixed_asset_investment == 80000000 and figures.state == "entered"
    client.post(reverse("incentives:figures_verify", args=[project.pk]))
    figures.refresh_from_db()
    assert figures.state == "entered"  # the same person cannot verify
    client.force_login(staff2)
    client.post(reverse("incentives:figures_verify", args=[project.pk]))
    figures.refresh_from_db()
    assert figures.state == "verified"


def test_approval_form_pdf_and_what_if(client, staff, rewards):
    client.force_login(staff)
    response = client.get(reverse("incentives:form_pdf", args=[rewards.pk]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    version = rewards.policy_id
    response = client.get(
        reverse("incentives:what_if"),
        {
            "total_investment": "120000",
            "fixed_asset_investment": "80000",
            "equipment_investment": "30000",
            "land_area": "200",
            "expected_tax": "1500",
            "category": "industrial",
            "version": version,
        },
    )
    totals = {str(k): v for k, v in response.context["results"]["totals"].items()}
    assert totals["引荐奖"] == 2000000 and totals["投资奖"] == 9000000


def test_approval_form_without_a_chinese_font_sends_staff_to_the_printable_rewards_page(
    client, staff, rewards, monkeypatch
):
    from xianju_invest import pdf as pdf_module

    monkeypatch.setattr(pdf_module, "FONT_CANDIDATES", ["/nonexistent/font.ttc"])
    client.force_login(staff)
    response = client.get(reverse("incentives:form_pdf", args=[rewards.pk]), follow=True)
    assert response.status_code == 200
    assert response.redirect_chain[-1][0] == reverse("incentives:project", args=[rewards.project_id])
    html = response.content.decode()
    assert "缺少中文字体" in html and "请改为打印本项目的奖励页面" in html
    assert "cap_tier" not in html and "按总投资封顶" in html  # the calculation lines, labelled


def test_forecast_and_queue_pages(client, leader, rewards, staff):
    services.installment_check(installment=rewards, by=staff)
    client.force_login(leader)
    response = client.get(reverse("incentives:queue"))
    assert (
        response.status_code == 200
        and "王**" in response.content.decode()
        and "王引荐" not in response.content.decode()
    )
    client.post(reverse("incentives:act", args=[rewards.pk, "approve"]))
    rewards.refresh_from_db()
    assert rewards.state == S.APPROVED
    assert client.get(reverse("incentives:forecast")).status_code == 200


def test_referrer_sees_installments_on_the_status_page(rewards):
    referral = rewards.beneficiary.referral
    status = referral_public_status(code=referral.tracking_code, mobile_last4="1234")
    assert [r["amount"] for r in status.rewards][0] == rewards.net
    assert "已计算" in str(status.rewards[0]["label"]) or "Calculated" in str(status.rewards[0]["label"])


def test_pay_on_the_page_after_the_notice(client, rewards, staff, leader, finance):
    services.installment_check(installment=rewards, by=staff)
    services.installment_approve(installment=rewards, by=leader)
    services.installment_publish(installment=rewards, by=staff, today=dt.date.today() - dt.timedelta(days=8))
    client.force_login(finance)
    client.post(
        reverse("incentives:act", args=[rewards.pk, "pay"]),
        {"paid_on": dt.date.today().isoformat(), "voucher_no": "财付-1"},
    )
    rewards.refresh_from_db()
    assert (rewards.state, rewards.voucher_no) == (S.PAID, "财付-1")
