"""The public pages at /refer/: form, confirmation, status; in Chinese, field errors beside fields."""

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile

from referrals.models import Referral
from referrals.tasks import referral_confirmation_email

from .conftest import referral_data

pytestmark = pytest.mark.django_db


def form_data(**overrides):
    data = referral_data(**overrides)
    data.pop("intended_investment")
    data = {k: ("on" if v is True else v) for k, v in data.items() if v not in (False, None)}
    data.setdefault("intended_investment_wan", "5000")
    return data


def test_the_public_form_is_in_chinese_with_privacy_notice_and_declarations(client):
    page = client.get("/refer/").content.decode()
    for text in [
        "报送招商线索",
        "个人信息保护法",
        "保存哪些信息",
        "用途",
        "以企引企",
        "乡贤",
        "资格声明",
        "本人不是投资方",
    ]:
        assert text in page
    assert 'name="website"' in page and "hp-field" in page
    assert 'name="viewport"' in page


def test_a_referrer_submits_and_sees_the_tracking_code(client):
    response = client.post("/refer/", form_data(company_name="温州瑞祥电器有限公司"), follow=True)
    assert response.status_code == 200
    referral = Referral.objects.get()
    page = response.content.decode()
    assert referral.display_code in page
    assert "首报" in page
    assert referral.intended_investment == 50_000_000


def test_field_errors_are_shown_in_chinese_next_to_the_field(client):
    response = client.post("/refer/", form_data(referrer_mobile="123", privacy_consent=False))
    page = response.content.decode()
    assert response.status_code == 400
    assert "请输入 11 位中国大陆手机号。" in page
    assert "须同意隐私告知后才能提交。" in page
    assert Referral.objects.count() == 0


def test_a_disguised_attachment_is_refused_on_the_page(client):
    data = form_data()
    data["attachments"] = SimpleUploadedFile("photo.jpg", b"GIF89a....", content_type="image/jpeg")
    response = client.post("/refer/", data)
    assert response.status_code == 400
    assert "“photo.jpg”的内容不是 .jpg 文件" in response.content.decode()
    assert Referral.objects.count() == 0


def test_the_honeypot_refuses_on_the_page(client):
    response = client.post("/refer/", form_data(website="x"))
    assert response.status_code == 400
    assert Referral.objects.count() == 0


def test_the_page_asks_for_a_captcha_after_repeated_submissions(client, settings):
    settings.REFERRAL_CAPTCHA_AFTER = 1
    client.post("/refer/", form_data())
    page = client.get("/refer/").content.decode()
    assert "验证码" in page and "captcha_0" in page
    response = client.post("/refer/", form_data())
    assert response.status_code == 400
    assert Referral.objects.count() == 1


def test_a_wrong_captcha_answer_on_the_page_spends_the_challenge_and_shows_a_new_one(client, settings):
    from captcha.models import CaptchaStore

    settings.REFERRAL_CAPTCHA_AFTER = 1
    client.post("/refer/", form_data())
    client.get("/refer/")
    challenge = CaptchaStore.objects.get()
    wrong = client.post("/refer/", form_data(captcha_0=challenge.hashkey, captcha_1="wrong"))
    assert wrong.status_code == 400
    assert challenge.hashkey not in wrong.content.decode()  # a new challenge is shown
    late = client.post("/refer/", form_data(captcha_0=challenge.hashkey, captcha_1=challenge.response))
    assert late.status_code == 400
    assert Referral.objects.count() == 1


def test_confirmation_email_carries_the_tracking_code(client):
    client.post("/refer/", form_data(referrer_email="wang@example.com"))
    referral = Referral.objects.get()
    assert referral_confirmation_email(referral.pk) is True
    assert mail.outbox[-1].to == ["wang@example.com"]
    assert referral.display_code in mail.outbox[-1].body
    assert "追踪码" in mail.outbox[-1].body


def test_the_email_is_queued_only_after_the_commit(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        client.post("/refer/", form_data(referrer_email="wang@example.com"))
    assert Referral.objects.count() == 1
    assert callbacks  # the confirmation email waits for the commit


def test_status_page_shows_the_stage_only_with_the_right_digits(client):
    client.post("/refer/", form_data(referrer_mobile="13700005678"))
    code = Referral.objects.get().display_code
    found = client.post("/refer/status/", {"tracking_code": code, "mobile_last4": "5678"})
    assert found.status_code == 200
    assert "待处理" in found.content.decode()
    wrong = client.post("/refer/status/", {"tracking_code": code, "mobile_last4": "0000"})
    unknown = client.post("/refer/status/", {"tracking_code": "ZZZZ-ZZZZ-ZZZZ-ZZZZ", "mobile_last4": "5678"})
    assert wrong.status_code == unknown.status_code == 404
    for response in (wrong, unknown):
        page = response.content.decode()
        assert "没有与该追踪码和手机号后四位匹配的报送记录" in page
        assert "待处理" not in page


def test_status_page_is_rate_limited(client, settings):
    settings.REFERRAL_STATUS_LIMIT = 2
    codes = [
        client.post("/refer/status/", {"tracking_code": "AAAA", "mobile_last4": "0000"}).status_code
        for _ in range(3)
    ]
    assert codes == [404, 404, 429]
