"""The round's composition follows the plan: 8 fixed departments + the project's platform ("个性化"
reviewer) + any experts; the convener may leave the platform out, with a reason kept in the minutes."""

import subprocess

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from audit.models import AuditEntry
from reviews.services import review_round_open

from .conftest import FIXED_CODES, sign_all

pytestmark = pytest.mark.django_db
REASON = "平台已在研判阶段出具书面意见"


def _codes(round_):
    return list(round_.opinions.order_by("position").values_list("unit__code", flat=True))


def _api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_round_opened_without_naming_anyone_seats_the_projects_platform(project, staff):
    assert _codes(review_round_open(project=project, by=staff)) == [*FIXED_CODES, "kaifaqu"]


def test_a_round_opened_through_the_api_seats_the_projects_platform(project, staff, units):
    response = _api(staff).post("/api/review-rounds/", {"project": project.pk}, format="json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert [o["unit"] for o in body["opinions"]][-1] == units["kaifaqu"].pk
    assert len(body["opinions"]) == 9 and body["platform_left_out_reason"] == ""


def test_the_api_leaves_the_platform_out_only_with_a_reason(project, staff):
    response = _api(staff).post(
        "/api/review-rounds/", {"project": project.pk, "platform_left_out_reason": REASON}, format="json"
    )
    assert response.status_code == 201, response.json()
    assert len(response.json()["opinions"]) == 8
    assert response.json()["platform_left_out_reason"] == REASON


def test_choosing_the_platform_and_leaving_it_out_is_refused_with_the_field(project, staff, units):
    response = _api(staff).post(
        "/api/review-rounds/",
        {"project": project.pk, "extra_units": [units["kaifaqu"].pk], "platform_left_out_reason": REASON},
        format="json",
    )
    assert response.status_code == 400
    assert list(response.json()) == ["platform_left_out_reason"]
    assert not project.review_rounds.exists()


def test_the_page_seats_the_platform_without_ticking_it(client, staff, project):
    client.force_login(staff)
    response = client.post(reverse("reviews:open"), {"project": project.pk}, follow=True)
    assert "预审已发起" in response.content.decode()
    assert _codes(project.review_rounds.get()) == [*FIXED_CODES, "kaifaqu"]


def test_the_page_leaves_the_platform_out_with_a_reason_shown_on_the_round(client, staff, project):
    client.force_login(staff)
    page = client.get(reverse("reviews:open"), {"project": project.pk}).content.decode()
    assert 'name="platform_left_out_reason"' in page
    response = client.post(
        reverse("reviews:open"), {"project": project.pk, "platform_left_out_reason": REASON}, follow=True
    )
    round_ = project.review_rounds.get()
    assert _codes(round_) == FIXED_CODES
    assert REASON in response.content.decode()
    entry = AuditEntry.objects.get(action="review.round_opened", project_id=project.pk)
    assert entry.data["platform_left_out_reason"] == REASON


def test_the_minutes_say_why_the_platform_did_not_review(client, staff, project, signers, tmp_path):
    round_ = review_round_open(project=project, by=staff, platform_left_out_reason=REASON)
    sign_all(round_, signers)
    client.force_login(staff)
    page = client.get(reverse("reviews:minutes", args=[round_.pk])).content.decode()
    assert "项目所在平台" in page and REASON in page
    pdf = tmp_path / "minutes.pdf"
    pdf.write_bytes(client.get(reverse("reviews:minutes_pdf", args=[round_.pk])).content)
    text = "".join(
        subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split()
    )
    assert REASON in text
