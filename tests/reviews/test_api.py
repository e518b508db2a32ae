import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from reviews.models import ReviewRound

from .conftest import sign_all

pytestmark = pytest.mark.django_db
PDF_BYTES = b"%PDF-1.4\n%test\n%%EOF\n"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_staff_open_a_round_with_an_invited_expert_through_the_api(staff, project, units, signers):
    from tests import factories

    expert = factories.make_user("expert", "experts")
    response = api(staff).post(
        "/api/review-rounds/",
        {"project": project.pk, "extra_units": [units["kaifaqu"].pk], "experts": [expert.pk], "note": "请审"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert len(body["opinions"]) == 10
    assert body["state"] == "open" and body["opinions_signed"] == 0
    assert [r["id"] for r in api(expert).get("/api/review-rounds/").json()["results"]] == [body["id"]]


def test_opening_for_a_project_not_in_pre_review_is_a_400_with_the_field(staff, units):
    from tests import factories

    project = factories.make_project(state="intake")
    response = api(staff).post("/api/review-rounds/", {"project": project.pk}, format="json")
    assert response.status_code == 400
    assert response.json() == {"project": ["只有处于“8+X”预审阶段的项目才能发起预审。"]}


def test_reviewer_inbox_and_signing_through_the_api(open_round, signers):
    client = api(signers["fagai"])
    inbox = client.get("/api/review-opinions/?show=pending").json()
    assert [o["unit_name"] for o in inbox["results"]] == ["仙居县发展和改革局"]
    opinion_id = inbox["results"][0]["id"]
    bad = client.post(f"/api/review-opinions/{opinion_id}/sign/", {"verdict": "disagree"}, format="json")
    assert bad.status_code == 400
    assert bad.json() == {"reason": ["除非同意,请说明理由。"]}
    upload = SimpleUploadedFile("意见.pdf", PDF_BYTES)
    ok = client.post(
        f"/api/review-opinions/{opinion_id}/sign/",
        {"verdict": "conditional", "reason": "能耗", "conditions": "落实能耗指标", "files": [upload]},
        format="multipart",
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["verdict"] == "conditional" and ok.json()["version"] == 1
    versions = client.get(f"/api/review-opinions/{opinion_id}/versions/").json()
    assert versions[0]["attachments"][0]["name"] == "意见.pdf"


def test_signing_another_departments_opinion_through_the_api_is_403(open_round, signers):
    opinion = open_round.opinions.get(unit__code="fagai")
    response = api(signers["jingxin"]).post(
        f"/api/review-opinions/{opinion.pk}/sign/", {"verdict": "agree"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "您只能签署本单位的意见。"
    opinion.refresh_from_db()
    assert opinion.version == 0


def test_signing_a_concluded_round_through_the_api_is_400(open_round, signers):
    sign_all(open_round, signers)
    opinion = open_round.opinions.get(unit__code="fagai")
    response = api(signers["fagai"]).post(
        f"/api/review-opinions/{opinion.pk}/sign/", {"verdict": "disagree", "reason": "晚了"}, format="json"
    )
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["本轮预审已结束,不能再修改。"]}


def test_signing_an_opinion_whose_id_is_no_number_is_404(signers):
    response = api(signers["fagai"]).post(
        "/api/review-opinions/abc/sign/", {"verdict": "agree"}, format="json"
    )
    assert response.status_code == 404


def test_convener_sets_terms_and_closes_through_the_api(open_round, signers, staff):
    client = api(staff)
    past = client.post(
        f"/api/review-rounds/{open_round.pk}/terms/", {"project_deadline": "2020-01-01"}, format="json"
    )
    assert past.status_code == 400 and "project_deadline" in past.json()
    client.post(
        f"/api/review-rounds/{open_round.pk}/terms/", {"min_investment_intensity": "300"}, format="json"
    )
    sign_all(open_round, signers, verdict="disagree")
    detail = client.get(f"/api/review-rounds/{open_round.pk}/").json()
    assert detail["outcome"] == "fail"
    assert detail["minutes_pdf_url"].endswith("/minutes.pdf")
    assert detail["threshold_checks"][0]["meets"] is False
    assert ReviewRound.objects.get().project.state == "rejected"


def test_reviewers_cannot_convene_through_the_api(project, signers):
    response = api(signers["fagai"]).post("/api/review-rounds/", {"project": project.pk}, format="json")
    assert response.status_code == 403
    assert not ReviewRound.objects.exists()


def test_a_reviewer_or_expert_reads_only_their_own_opinion_of_a_round_as_on_the_page(
    open_round, signers, staff, leader, units, client
):
    from reviews.services import opinion_sign, review_participant_add
    from tests import factories

    expert = factories.make_user("expert", "experts")
    review_participant_add(round=open_round, by=staff, unit=units["experts"], invitee=expert)
    opinion_sign(
        opinion=open_round.opinions.get(unit__code="huanbao"),
        by=signers["huanbao"],
        verdict="conditional",
        reason="排放总量",
        conditions="取得排污许可",
    )
    url = f"/api/review-rounds/{open_round.pk}/"
    for user, unit in ((signers["fagai"], "fagai"), (expert, "experts")):
        body = api(user).get(url).json()
        assert [o["unit"] for o in body["opinions"]] == [units[unit].pk]
        assert "排放总量" not in str(body) and "取得排污许可" not in str(body)
        # The page shows the same: the round leads them to their own opinion only.
        client.force_login(user)
        page = client.get(f"/reviews/rounds/{open_round.pk}/", follow=True).content.decode()
        assert "排放总量" not in page
    for user in (staff, leader):
        opinions = api(user).get(url).json()["opinions"]
        assert len(opinions) == 10
        huanbao = next(o for o in opinions if o["unit"] == units["huanbao"].pk)
        assert huanbao["verdict"] == "conditional" and huanbao["conditions"] == "取得排污许可"
        assert huanbao["signed_by"] == signers["huanbao"].pk
