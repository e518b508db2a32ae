"""Single-line text: one validator refuses line breaks, control and invisible-only text everywhere."""

import pytest
from django.core.exceptions import ValidationError

from notifications.enums import Channel, DeliveryStatus
from notifications.models import Delivery
from notifications.services import event_emit, event_fan_out
from tests import factories
from xianju_invest.text import single_line, validate_single_line

REFUSED = [
    "杭州远景\n光电有限公司",
    "杭州远景\r\nBcc: x@evil.example",
    "名称\t制表",
    "空\x00字符",
    "行\u2028分隔",
    "方向\u202e反转",
    "\u200b\u200c\u200d",  # zero-width only
    "\u202e\u2066",  # direction controls only
    "\u3000 \u00a0",  # spaces only
]
ACCEPTED = ["杭州远景光电有限公司", "=HYPERLINK(…)", "A&B (China) Co., Ltd.", "👨\u200d👩\u200d👧 家庭农场"]


@pytest.mark.parametrize("text", REFUSED)
def test_line_breaks_control_and_invisible_only_text_are_refused_in_chinese(text):
    with pytest.raises(ValidationError) as refused:
        validate_single_line(text)
    assert any(m.startswith("请") for m in refused.value.messages)


@pytest.mark.parametrize("text", ACCEPTED)
def test_ordinary_names_pass(text):
    validate_single_line(text)


def test_single_line_folds_breaks_and_controls_into_spaces():
    assert single_line("第一行\r\n第二行\t第三\u202e行 ") == "第一行 第二行 第三 行"


@pytest.mark.django_db
def test_a_title_with_a_line_break_is_mailed_with_a_one_line_subject(mailoutbox):
    user = factories.make_user("promotion_staff")
    user.email = "a@example.cn"
    user.save()
    event, _ = event_emit(
        kind="test.note", key="crlf", payload={"title": "杭州\r\nBcc: x@evil.example 转交"}, recipients=[user]
    )

    event_fan_out(event.pk)

    assert [m.subject for m in mailoutbox] == ["杭州 Bcc: x@evil.example 转交"]
    assert Delivery.objects.get(channel=Channel.EMAIL).status == DeliveryStatus.SENT


# Every single-line text a person types, by model; ModelForms and ModelSerializers inherit these.
SINGLE_LINE_FIELDS = [
    ("projects.Project", "name"),
    ("projects.Project", "investor_name"),
    ("projects.ProjectDocument", "title"),
    ("referrals.Referral", "referrer_name"),
    ("referrals.Referral", "referrer_organisation"),
    ("referrals.Referral", "company_name"),
    ("referrals.Referral", "company_contact"),
    ("reviews.ThresholdPolicy", "name"),
    ("org.Unit", "name"),
    ("org.Unit", "short_name"),
    ("org.User", "first_name"),
    ("org.User", "last_name"),
    ("incentives.Beneficiary", "name"),
    ("incentives.Beneficiary", "bank_name"),
    ("incentives.Installment", "voucher_no"),
    ("incentives.Objection", "name"),
    ("incentives.Objection", "contact"),
    ("incentives.PolicyVersion", "name"),
    ("scoring.ScoringPolicy", "name"),
    ("scoring.Bundle", "name"),
    ("scoring.Bundle", "note"),
    ("scoring.Challenge", "title"),
]


@pytest.mark.parametrize(("model", "field"), SINGLE_LINE_FIELDS)
def test_every_single_line_model_field_carries_the_validator(model, field):
    from django.apps import apps

    assert validate_single_line in apps.get_model(model)._meta.get_field(field).validators


@pytest.mark.django_db
def test_the_project_page_refuses_a_name_with_a_line_break(client, staff):
    from projects.models import Project
    from tests.projects.test_pages import _form

    client.force_login(staff)
    response = client.post("/projects/new/", _form(name="智能装备\n项目"))

    assert response.status_code == 200
    assert "一行" in str(response.context["form"].errors["name"])
    assert not Project.objects.exists()


@pytest.mark.django_db
def test_the_project_api_refuses_an_invisible_investor(client, staff):
    from projects.models import Project
    from tests.projects.test_api import _payload

    client.force_login(staff)
    response = client.post(
        "/api/projects/", _payload(investor_name="\u200b\u200d\u2060"), content_type="application/json"
    )

    assert response.status_code == 400
    assert "不可见" in str(response.json()["investor_name"])
    assert not Project.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field", ["company_name", "referrer_name", "company_contact", "referrer_organisation"]
)
def test_the_public_referral_endpoint_refuses_a_line_break_in_names(field):
    from rest_framework.test import APIClient

    from referrals.models import Referral
    from tests.referrals.conftest import referral_data

    response = APIClient().post(
        "/api/public/referrals/", referral_data(**{field: "杭州远景\r\n光电"}), format="json"
    )

    assert response.status_code == 400
    assert "一行" in str(response.json()[field])
    assert not Referral.objects.exists()


@pytest.mark.django_db
def test_a_document_title_with_a_tab_is_refused(client, staff, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    project = factories.make_project()
    client.force_login(staff)
    upload = SimpleUploadedFile("协议.pdf", b"%PDF-1.4 demo", content_type="application/pdf")

    response = client.post(
        f"/projects/{project.pk}/documents/", {"doc_type": "agreement", "title": "协议\t副本", "file": upload}
    )

    assert not project.documents.exists()
    assert "一行" in response.content.decode()
