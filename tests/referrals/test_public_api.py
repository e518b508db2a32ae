"""POST /api/public/referrals/ and the status look-up: the same rules as the page, as JSON."""

import pytest
import redis
from captcha.models import CaptchaStore
from django.conf import settings as django_settings
from rest_framework.test import APIClient

from referrals.models import Referral

from .conftest import credit_code, referral_data

pytestmark = pytest.mark.django_db
URL = "/api/public/referrals/"
STATUS_URL = "/api/public/referrals/status/"


@pytest.fixture
def api():
    return APIClient()


def test_a_valid_report_gets_201_and_a_tracking_code(api):
    response = api.post(URL, referral_data(company_name="杭州远景光电有限公司"), format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["tracking_code"].replace("-", "")) == 16
    assert body["is_duplicate"] is False
    assert "首报" in body["message"]
    assert "referrer_mobile" not in body  # personal data is not echoed back
    assert Referral.objects.get().company_name == "杭州远景光电有限公司"


def test_a_duplicate_is_told_so_without_learning_who_came_first(api):
    api.post(URL, referral_data(company_name="杭州远景光电有限公司", referrer_name="张三"), format="json")
    response = api.post(URL, referral_data(company_name="杭州 远景光电"), format="json")
    assert response.status_code == 201
    body = response.json()
    assert body["is_duplicate"] is True
    assert "重复" in body["message"]
    assert "张三" not in response.content.decode()


def test_errors_are_structured_by_field_in_chinese(api):
    bad = referral_data(referrer_mobile="12345", company_credit_code="91330000XXXXXXXXXX")
    response = api.post(URL, bad, format="json")
    assert response.status_code == 400
    body = response.json()
    assert body["referrer_mobile"] == ["请输入 11 位中国大陆手机号。"]
    assert "company_credit_code" in body
    assert Referral.objects.count() == 0


def test_the_honeypot_refuses_the_report(api):
    response = api.post(URL, referral_data(website="http://spam.example"), format="json")
    assert response.status_code == 400
    assert "website" in response.json()
    assert Referral.objects.count() == 0


def test_wrong_file_types_and_disguised_files_are_refused(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    exe = SimpleUploadedFile("tool.exe", b"MZ\x90\x00rest", content_type="application/octet-stream")
    fake_pdf = SimpleUploadedFile("plan.pdf", b"<script>alert(1)</script>", content_type="application/pdf")
    for upload in (exe, fake_pdf):
        data = {k: v for k, v in referral_data().items() if v is not None}
        data["attachments"] = [upload]
        response = api.post(URL, data, format="multipart")
        assert response.status_code == 400, response.content
        assert "attachments" in response.json()
    assert Referral.objects.count() == 0


def test_a_real_pdf_is_kept_with_the_report(api):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {k: v for k, v in referral_data().items() if v is not None}
    data["attachments"] = [
        SimpleUploadedFile("计划书.pdf", b"%PDF-1.4\n%...\n", content_type="application/pdf")
    ]
    response = api.post(URL, data, format="multipart")
    assert response.status_code == 201, response.content
    assert Referral.objects.get().attachments.get().original_name == "计划书.pdf"


def test_an_oversized_attachment_is_refused(api, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.REFERRAL_ATTACHMENT_MAX_BYTES = 1024
    data = {k: v for k, v in referral_data().items() if v is not None}
    data["attachments"] = [SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * 2000)]
    response = api.post(URL, data, format="multipart")
    assert response.status_code == 400
    assert "不能超过" in response.json()["attachments"][0]


def test_an_oversized_request_is_refused_before_it_is_read(api, settings):
    settings.REFERRAL_REQUEST_MAX_BYTES = 2000
    response = api.post(URL, referral_data(description="很" * 3000), format="json")
    assert response.status_code == 413
    assert Referral.objects.count() == 0


def test_submissions_are_rate_limited_per_address(api, settings):
    settings.REFERRAL_SUBMIT_LIMIT = 2
    settings.REFERRAL_CAPTCHA_AFTER = 100
    codes = [api.post(URL, referral_data(), format="json").status_code for _ in range(3)]
    assert codes == [201, 201, 429]
    assert "稍后再试" in api.post(URL, referral_data(), format="json").json()["detail"]
    other = APIClient(REMOTE_ADDR="10.1.2.3")
    assert other.post(URL, referral_data(), format="json").status_code == 201
    assert Referral.objects.count() == 3


def test_rate_limit_counters_live_in_redis_shared_by_every_process(api):
    api.post(URL, referral_data(), format="json")
    shared = redis.Redis.from_url(django_settings.CACHES["default"]["LOCATION"])
    assert any(b"referrals:submit:127.0.0.1" in key for key in shared.keys("*referrals:submit*"))


def test_a_captcha_is_required_after_repeated_submissions(api, settings):
    settings.REFERRAL_CAPTCHA_AFTER = 1
    assert api.post(URL, referral_data(), format="json").status_code == 201
    refused = api.post(URL, referral_data(), format="json")
    assert refused.status_code == 400
    assert "验证码" in refused.json()["captcha"][0]
    challenge = api.get("/api/public/referrals/captcha/").json()
    assert api.get(challenge["image_url"]).status_code == 200
    answer = CaptchaStore.objects.get(hashkey=challenge["captcha_key"]).response
    wrong = api.post(
        URL, referral_data(captcha_key=challenge["captcha_key"], captcha_value="wrong"), format="json"
    )
    assert wrong.status_code == 400
    challenge = api.get("/api/public/referrals/captcha/").json()
    answer = CaptchaStore.objects.get(hashkey=challenge["captcha_key"]).response
    solved = api.post(
        URL, referral_data(captcha_key=challenge["captcha_key"], captcha_value=answer), format="json"
    )
    assert solved.status_code == 201
    assert Referral.objects.count() == 2


def test_a_wrong_captcha_answer_spends_the_challenge(api, settings):
    settings.REFERRAL_CAPTCHA_AFTER = 1
    assert api.post(URL, referral_data(), format="json").status_code == 201
    key = api.get("/api/public/referrals/captcha/").json()["captcha_key"]
    answer = CaptchaStore.objects.get(hashkey=key).response
    wrong = api.post(URL, referral_data(captcha_key=key, captcha_value="wrong"), format="json")
    assert wrong.status_code == 400 and "captcha" in wrong.json()
    # The right answer comes too late: guessing costs a new challenge every time.
    late = api.post(URL, referral_data(captcha_key=key, captcha_value=answer), format="json")
    assert late.status_code == 400 and "captcha" in late.json()
    assert Referral.objects.count() == 1


def test_status_look_up_needs_code_and_mobile_digits(api):
    created = api.post(URL, referral_data(referrer_mobile="13900001234"), format="json").json()
    ok = api.post(STATUS_URL, {"tracking_code": created["tracking_code"].lower(), "mobile_last4": "1234"})
    assert ok.status_code == 200
    assert ok.json()["status_label"] == "待处理"
    assert "referrer_mobile" not in ok.json()


def test_wrong_code_and_wrong_digits_get_the_same_answer(api):
    created = api.post(URL, referral_data(referrer_mobile="13900001234"), format="json").json()
    wrong_digits = api.post(STATUS_URL, {"tracking_code": created["tracking_code"], "mobile_last4": "9999"})
    wrong_code = api.post(STATUS_URL, {"tracking_code": "AAAA-BBBB-CCCC-DDDD", "mobile_last4": "1234"})
    malformed = api.post(STATUS_URL, {"tracking_code": "x", "mobile_last4": "12"})
    assert wrong_digits.status_code == wrong_code.status_code == malformed.status_code == 404
    assert wrong_digits.content == wrong_code.content == malformed.content


def test_status_look_ups_are_rate_limited(api, settings):
    settings.REFERRAL_STATUS_LIMIT = 3
    answers = [
        api.post(STATUS_URL, {"tracking_code": f"AAAA{i}", "mobile_last4": "0000"}).status_code
        for i in range(4)
    ]
    assert answers == [404, 404, 404, 429]


def test_credit_code_is_accepted_in_lower_case(api):
    code = credit_code()
    response = api.post(URL, referral_data(company_credit_code=code.lower()), format="json")
    assert response.status_code == 201, response.json()
    assert Referral.objects.get().company_code_key == code


def test_every_referral_endpoint_is_in_the_valid_openapi_schema(client, staff):
    from drf_spectacular.validation import validate_schema

    client.force_login(staff)
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    validate_schema(schema)
    for path in [
        "/api/public/referrals/",
        "/api/public/referrals/status/",
        "/api/public/referrals/captcha/",
        "/api/referrals/",
        "/api/referrals/{id}/accept/",
        "/api/referrals/{id}/merge/",
        "/api/referrals/{id}/reject/",
        "/api/referrals/{id}/confirm/",
    ]:
        assert path in schema["paths"], path
    body = schema["paths"]["/api/public/referrals/"]["post"]["requestBody"]["content"]
    assert {"application/json", "multipart/form-data"} <= set(body)
