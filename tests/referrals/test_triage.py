"""Staff triage: accept, merge, reject; the two confirmations; masking per role."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from audit.models import AuditEntry
from notifications.models import Event, Notification
from notifications.services import event_fan_out
from projects.enums import ProjectState, Source
from referrals.enums import ReferralStatus
from referrals.models import Referral
from referrals.services import (
    referral_accept,
    referral_confirm,
    referral_merge,
    referral_reject,
    referral_submit,
)
from tests import factories

from .conftest import referral_data

pytestmark = pytest.mark.django_db


def submit(**fields):
    return referral_submit(data=referral_data(**fields))


@pytest.fixture
def units():
    return factories.units()


@pytest.fixture
def platform_user(db):
    return factories.make_user("platform_reviewer", "kaifaqu")


def test_staff_accept_a_lead_into_the_ledger(staff, units):
    referral = submit(company_name="苏州瑞华精密机械有限公司", intended_investment="300000000.00")
    referral_accept(referral=referral, by=staff, state=ProjectState.INTAKE, platform=units["kaifaqu"])
    referral.refresh_from_db()
    project = referral.project
    assert referral.status == ReferralStatus.ACCEPTED
    assert project.state == ProjectState.INTAKE
    assert project.source == Source.REFERRAL
    assert project.investor_name == "苏州瑞华精密机械有限公司"
    assert project.total_investment == 300_000_000
    assert list(project.referrals.all()) == [referral]
    assert referral.host_unit == units["kaifaqu"]
    assert AuditEntry.objects.filter(action="referral.accepted", object_id=referral.pk).exists()
    assert Event.objects.filter(key=f"referral.accepted:{referral.pk}").exists()


def test_a_duplicate_cannot_be_accepted_but_can_be_merged(staff):
    first = submit(company_name="苏州瑞华精密机械有限公司")
    referral_accept(referral=first, by=staff)
    duplicate = submit(company_name="苏州瑞华精密机械")
    with pytest.raises(ValidationError):
        referral_accept(referral=duplicate, by=staff)
    referral_merge(referral=duplicate, by=staff, project=first.project)
    duplicate.refresh_from_db()
    assert duplicate.status == ReferralStatus.MERGED
    assert not duplicate.is_first
    assert first.project.referrals.count() == 2


def test_accepting_refuses_a_company_that_entered_the_ledger_meanwhile(staff):
    referral = submit(company_name="宁波天一新材料有限公司")
    factories.make_project(investor_name="宁波天一新材料股份有限公司")
    with pytest.raises(ValidationError):
        referral_accept(referral=referral, by=staff)
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED


def test_a_rejection_reason_is_shown_to_the_referrer(staff, client):
    referral = submit(company_name="某某贸易公司", referrer_mobile="13600001111")
    referral_reject(referral=referral, by=staff, reason="经核实企业无来仙投资意向")
    page = client.post("/refer/status/", {"tracking_code": referral.tracking_code, "mobile_last4": "1111"})
    text = page.content.decode()
    assert "未采纳" in text and "经核实企业无来仙投资意向" in text


def test_a_rejection_needs_a_reason(staff):
    referral = submit()
    with pytest.raises(ValidationError):
        referral_reject(referral=referral, by=staff, reason="  ")


def test_a_reviewer_or_leader_cannot_triage(reviewer, leader):
    referral = submit()
    for user in (reviewer, leader):
        with pytest.raises(PermissionDenied):
            referral_accept(referral=referral, by=user)
        with pytest.raises(PermissionDenied):
            referral_reject(referral=referral, by=user, reason="x")


def test_the_centre_and_the_host_unit_both_confirm_the_referrer(staff, platform_user, units):
    referral = submit()
    referral_accept(referral=referral, by=staff, platform=units["kaifaqu"])
    with pytest.raises(PermissionDenied):
        referral_confirm(referral=referral, by=staff, party="host")
    with pytest.raises(PermissionDenied):
        referral_confirm(referral=referral, by=platform_user, party="centre")
    referral_confirm(referral=referral, by=staff, party="centre")
    assert not referral.is_confirmed
    referral_confirm(referral=referral, by=platform_user, party="host")
    referral.refresh_from_db()
    assert referral.is_confirmed
    assert referral.centre_confirmed_by == staff and referral.host_confirmed_by == platform_user
    with pytest.raises(ValidationError):
        referral_confirm(referral=referral, by=staff, party="centre")
    assert AuditEntry.objects.filter(action="referral.confirmed", object_id=referral.pk).count() == 2


def test_an_unaccepted_referral_cannot_be_confirmed(staff):
    referral = submit()
    with pytest.raises(ValidationError):
        referral_confirm(referral=referral, by=staff, party="centre")


def _api_as(user):
    api = APIClient()
    api.force_authenticate(user)
    return api


def test_triage_staff_see_the_referrer_in_full(staff):
    submit(referrer_name="王小明", referrer_mobile="13812345678", referrer_email="wxm@example.com")
    row = _api_as(staff).get("/api/referrals/").json()["results"][0]
    assert (row["referrer_name"], row["referrer_mobile"], row["referrer_email"]) == (
        "王小明",
        "13812345678",
        "wxm@example.com",
    )


def test_leaders_see_the_referrer_masked(leader):
    submit(referrer_name="王小明", referrer_mobile="13812345678", referrer_email="wxm@example.com")
    row = _api_as(leader).get("/api/referrals/").json()["results"][0]
    assert row["referrer_name"] == "王**"
    assert row["referrer_mobile"] == "138****5678"
    assert row["referrer_email"] == "w***@example.com"


def test_host_unit_staff_see_only_their_referrals_masked(staff, platform_user, units):
    hosted = submit(referrer_name="王小明", referrer_mobile="13812345678")
    submit()
    referral_accept(referral=hosted, by=staff, platform=units["kaifaqu"])
    rows = _api_as(platform_user).get("/api/referrals/").json()["results"]
    assert [r["id"] for r in rows] == [hosted.pk]
    assert rows[0]["referrer_mobile"] == "138****5678"


def test_other_reviewers_see_nothing(reviewer):
    referral = submit()
    api = _api_as(reviewer)
    assert api.get("/api/referrals/").json()["results"] == []
    assert api.get(f"/api/referrals/{referral.pk}/").status_code == 404


def test_api_triage_steps_and_errors(staff, leader, units):
    referral = submit()
    assert _api_as(leader).post(f"/api/referrals/{referral.pk}/accept/", {}).status_code == 403
    bad = _api_as(staff).post(f"/api/referrals/{referral.pk}/reject/", {"reason": ""}, format="json")
    assert bad.status_code == 400 and "reason" in bad.json()
    ok = _api_as(staff).post(
        f"/api/referrals/{referral.pk}/accept/",
        {"initial_state": "lead", "platform": units["gaotie"].pk},
        format="json",
    )
    assert ok.status_code == 200, ok.json()
    assert ok.json()["status"] == "accepted" and ok.json()["project"]
    again = _api_as(staff).post(f"/api/referrals/{referral.pk}/accept/", {}, format="json")
    assert again.status_code == 400 and "non_field_errors" in again.json()


def test_the_queue_page_lists_referrals_in_few_queries(client, staff, django_assert_max_num_queries):
    for _ in range(15):
        submit()
    client.force_login(staff)
    with django_assert_max_num_queries(12):
        response = client.get("/refer/queue/")
    assert response.status_code == 200
    assert response.content.decode().count('data-label="企业"') == 15


def test_the_leader_reads_the_queue_masked_without_triage_buttons(client, leader):
    referral = submit(referrer_name="王小明", referrer_mobile="13812345678")
    client.force_login(leader)
    page = client.get(f"/refer/queue/{referral.pk}/").content.decode()
    assert "138****5678" in page and "13812345678" not in page
    assert "受理入库" not in page


def test_staff_accept_from_the_detail_page(client, staff, units):
    referral = submit(company_name="金华智造装备有限公司")
    client.force_login(staff)
    page = client.get(f"/refer/queue/{referral.pk}/").content.decode()
    assert "13812345678" in page and "受理入库" in page
    response = client.post(
        f"/refer/queue/{referral.pk}/accept/",
        {"accept-state": "lead", "accept-platform": units["kaifaqu"].pk},
        follow=True,
    )
    assert "已受理入库。" in response.content.decode()
    referral.refresh_from_db()
    assert referral.project.name == "金华智造装备有限公司投资项目"


def test_an_anonymous_visitor_cannot_open_the_queue(client):
    assert client.get("/refer/queue/").status_code == 302
    referral = submit()
    assert client.get(f"/refer/queue/{referral.pk}/").status_code == 302
    assert Referral.objects.count() == 1


def test_the_host_unit_hears_of_an_accepted_referral_and_the_reward_reader_finds_it(
    staff, platform_user, units
):
    from referrals.selectors import confirmed_first_referral

    referral = submit()
    referral_accept(referral=referral, by=staff, platform=units["kaifaqu"])
    event = Event.objects.get(key=f"referral.accepted:{referral.pk}")
    assert platform_user in event.recipients.all()
    assert confirmed_first_referral(referral.project) is None
    referral_confirm(referral=referral, by=staff, party="centre")
    referral_confirm(referral=referral, by=platform_user, party="host")
    assert confirmed_first_referral(referral.project) == referral


def test_staff_download_an_attachment_and_others_cannot(client, staff, reviewer):
    from django.core.files.uploadedfile import SimpleUploadedFile

    referral = referral_submit(
        data=referral_data(), attachments=[SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan")]
    )
    item = referral.attachments.get()
    url = f"/refer/queue/{referral.pk}/attachments/{item.pk}/"
    client.force_login(reviewer)
    assert client.get(url).status_code == 403
    client.force_login(staff)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plan"


def test_the_triage_staff_as_they_stand_at_dispatch_hear_of_a_report(staff, reviewer):
    referral = submit(company_name="杭州派发测试有限公司")
    newcomer = factories.make_user("promotion_staff", "touchu")  # joins before the event goes out
    leaver = factories.make_user("promotion_staff", "touchu")
    leaver.is_active = False
    leaver.save()
    factories.make_user("promotion_staff", "touchu").delete()
    event = Event.objects.get(key=f"referral.submitted:{referral.pk}")

    event_fan_out(event.pk)
    event_fan_out(event.pk)

    told = Notification.objects.filter(event=event)
    assert sorted(told.values_list("user_id", flat=True)) == sorted([staff.pk, newcomer.pk])
    assert set(told.values_list("title", flat=True)) == {"新的引荐线索：杭州派发测试有限公司"}
    assert set(event.recipients.all()) == {staff, newcomer}  # kept on the event, as before


def test_a_public_report_names_no_recipient_in_the_request(staff, django_assert_max_num_queries):
    submit()  # the chains' codes are cached from here on
    with django_assert_max_num_queries(6):  # BEGIN, the one look-up, referral, audit, event, COMMIT
        referral = submit()
    assert not Event.objects.get(key=f"referral.submitted:{referral.pk}").recipients.exists()


def test_the_staff_api_filters_the_queue_by_status(staff, django_assert_max_num_queries):
    submit(company_name="温州过滤测试有限公司")
    duplicate = submit(company_name="温州过滤测试")
    for _ in range(10):
        submit()
    api = _api_as(staff)
    rows = api.get("/api/referrals/?status=duplicate").json()["results"]
    assert [r["id"] for r in rows] == [duplicate.pk]
    with django_assert_max_num_queries(8):
        assert api.get("/api/referrals/").json()["count"] == 12
