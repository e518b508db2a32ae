"""The request pages of each side and the same through the API."""

import datetime as dt

from django.urls import reverse
from rest_framework.test import APIClient

from aftercare import services
from aftercare.enums import RequestState
from aftercare.models import ServiceRequest
from tests import factories

D = dt.date


def test_the_enterprise_sees_its_projects_cadre_and_files_a_request_on_the_page(client, enterprise, project):
    project.service_cadre.mobile = "13900000002"
    project.service_cadre.save()
    client.force_login(enterprise)

    page = client.get(reverse("aftercare:list")).content.decode()
    assert project.name in page and "13900000002" in page

    response = client.post(
        reverse("aftercare:new"),
        {
            "project": project.pk,
            "title": "用电增容",
            "category": "utilities",
            "description": "增容",
            "urgency": "urgent",
        },
    )
    filed = ServiceRequest.objects.get()
    assert response.status_code == 302
    assert (filed.channel, filed.state, filed.filed_by) == ("online", RequestState.SUBMITTED, enterprise)


def test_the_cadre_enters_a_request_on_the_enterprises_behalf_with_the_channel(client, project):
    client.force_login(project.service_cadre)

    response = client.post(
        reverse("aftercare:new"),
        {
            "project": project.pk,
            "title": "12345转办",
            "category": "other",
            "description": "……",
            "urgency": "normal",
        },
    )
    assert "channel" in response.context["form"].errors  # the channel is required on someone's behalf
    client.post(
        reverse("aftercare:new"),
        {"project": project.pk, "title": "12345转办", "category": "other", "description": "……",
         "urgency": "normal", "channel": "hotline"},
    )  # fmt: skip
    assert ServiceRequest.objects.get().channel == "hotline"


def test_the_file_button_shows_once_a_unit_member_becomes_a_projects_cadre(client, lead, project):
    client.force_login(lead)
    assert 'id="file-request"' not in client.get(reverse("aftercare:list")).content.decode()

    project.service_cadre = lead
    project.save()

    assert 'id="file-request"' in client.get(reverse("aftercare:list")).content.decode()


def test_the_lead_unit_replies_on_the_page_and_a_bad_step_shows_a_chinese_error(client, routed, lead):
    request = routed()
    client.force_login(lead)
    url = reverse("aftercare:step", args=[request.pk, "reply"])

    response = client.post(url, {"reply-note": ""})
    assert response.status_code == 200
    assert "此字段是必填项" in response.content.decode() or "必填" in response.content.decode()

    response = client.post(url, {"reply-note": "已协调供电公司，下周现场踏勘"})
    request.refresh_from_db()
    assert response.status_code == 302
    assert request.state == RequestState.IN_PROGRESS and request.replied_on is not None


def _queries(client, url, assert_max):
    client.get(url)  # the viewer's permission set and the list's count are cached after a first visit
    with assert_max(20) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response


def test_each_sides_list_reads_as_many_queries_for_ten_rows_as_for_many(
    client, routed, staff, lead, enterprise, django_assert_max_num_queries
):
    """The centre's page and API, the lead unit's and the enterprise's pages: the same number of
    queries for 10 requests as for 60 (more than two pages of the page, one of the API)."""
    sides = [
        (staff, reverse("aftercare:list")),
        (staff, "/api/aftercare/requests/"),
        (lead, reverse("aftercare:list")),
        (enterprise, reverse("aftercare:list")),
    ]
    for _i in range(10):
        routed()
    few = []
    for user, url in sides:
        client.force_login(user)
        few.append(_queries(client, url, django_assert_max_num_queries)[0])
    for _i in range(50):
        routed()
    for (user, url), expected in zip(sides, few, strict=True):
        client.force_login(user)
        n, response = _queries(client, url, django_assert_max_num_queries)
        assert n == expected, (user, url)
        body = response.json() if url.startswith("/api/") else None
        assert (body["count"] if body else response.context["page"].paginator.count) == 60


def test_the_last_page_holds_the_oldest_requests_and_the_count_follows_a_new_one(client, routed, staff):
    """Pages in the second half are read from the other end; the cached count moves on a filing."""
    first = routed(on=D(2025, 9, 1), title="最早的诉求")
    for i in range(30):
        routed(on=D(2025, 11, 3) + dt.timedelta(days=i % 5))
    client.force_login(staff)

    last = client.get(reverse("aftercare:list"), {"page": 2}).context["page"]
    order = [(r["filed_on"], r["pk"]) for r in last.object_list]
    assert len(order) == 6 and order[-1] == (first.filed_on, first.pk)
    assert order == sorted(order, reverse=True)  # newest first, as on the first page
    routed(on=D(2025, 12, 1))
    assert client.get(reverse("aftercare:list")).context["page"].paginator.count == 32


def test_the_api_lists_only_the_callers_own_and_takes_steps_through_the_same_door(routed, enterprise, lead):
    request = routed(on=D(2025, 11, 3))
    factories.make_enterprise(factories.make_landed_project(investor_name="别家公司"))
    api = APIClient()

    api.force_authenticate(lead)
    answer = api.post(
        f"/api/aftercare/requests/{request.pk}/step/",
        {"step": "propose", "resolution": "已通电"},
        format="json",
    )
    assert answer.status_code == 200, answer.content
    assert answer.json()["state"] == RequestState.PROPOSED

    api.force_authenticate(enterprise)
    assert [r["id"] for r in api.get("/api/aftercare/requests/").json()["results"]] == [request.pk]
    bad = api.post(
        f"/api/aftercare/requests/{request.pk}/step/", {"step": "confirm", "rating": 9}, format="json"
    )
    assert bad.status_code == 400 and "rating" in bad.json()
    done = api.post(
        f"/api/aftercare/requests/{request.pk}/step/", {"step": "confirm", "rating": 4}, format="json"
    )
    assert done.json()["state"] == RequestState.SOLVED and done.json()["rating"] == 4


def test_the_api_refuses_a_withdrawal_by_the_unit_with_the_error_shape(routed, lead):
    request = routed()
    api = APIClient()
    api.force_authenticate(lead)

    response = api.post(
        f"/api/aftercare/requests/{request.pk}/step/", {"step": "withdraw", "reason": "x"}, format="json"
    )

    assert response.status_code == 403
    assert "企业" in response.json()["detail"] or response.json()["detail"]
    request.refresh_from_db()
    assert request.state == RequestState.ASSIGNED


def test_statistics_page_and_api_show_a_units_month(client, routed, lead, enterprise, staff):
    request = routed(on=D(2025, 11, 3))
    services.resolution_propose(request=request, by=lead, resolution="办结", on=D(2025, 11, 4))
    services.request_confirm(request=request, by=enterprise, rating=5, on=D(2025, 11, 4))
    client.force_login(staff)

    page = client.get(reverse("aftercare:statistics"), {"from": "2025-11", "to": "2025-11"})
    assert [r["solved_pct"] for r in page.context["rows"]] == [100.0]

    api = APIClient()
    api.force_authenticate(lead)
    rows = api.get("/api/aftercare/statistics/", {"from": "2025-11", "to": "2025-11"}).json()
    assert [(r["assigned"], r["satisfied_pct"]) for r in rows] == [(1, 100.0)]


def test_a_month_that_is_not_yyyy_mm_gets_a_chinese_message(client, lead):
    api = APIClient()
    api.force_authenticate(lead)

    answer = api.get("/api/aftercare/statistics/", {"from": "2026-13", "to": "十一月"})

    assert answer.status_code == 400
    assert set(answer.json()) >= {"from", "to"} and "月份请按 YYYY-MM 填写" in answer.json()["from"][0]
    client.force_login(lead)
    page = client.get(reverse("aftercare:statistics"), {"from": "2026-13"}, follow=True)
    assert "月份请按 YYYY-MM 填写" in page.content.decode()


def test_a_solved_request_is_published_anonymised_and_found_by_search(
    client, routed, lead, enterprise, staff, project
):
    request = routed()
    services.resolution_propose(request=request, by=lead, resolution="已协调")
    services.request_confirm(request=request, by=enterprise, rating=4)
    services.answer_publish(
        request=request,
        by=staff,
        question=f"{project.investor_name}如何申请临时用电增容？",
        answer="向供电公司申请。",
    )
    client.force_login(enterprise)

    found = client.get(reverse("aftercare:answers"), {"q": "增容"}).content.decode()
    missed = client.get(reverse("aftercare:answers"), {"q": "排污"}).content.decode()

    assert "如何申请临时用电增容" in found and project.investor_name not in found
    assert "如何申请临时用电增容" not in missed


def test_the_home_page_shows_each_side_what_waits_on_it(
    client, routed, lead, enterprise, staff, file_request
):
    request = routed()
    services.resolution_propose(request=request, by=lead, resolution="已通电")
    file_request()  # waits to be routed

    client.force_login(enterprise)
    assert 'id="requests-to_confirm"><span class="fs-3 fw-semibold">1<' in client.get("/").content.decode()
    client.force_login(staff)
    assert 'id="requests-to_route"><span class="fs-3 fw-semibold">1<' in client.get("/").content.decode()
    client.force_login(lead)
    assert 'id="requests-open"><span class="fs-3 fw-semibold">1<' in client.get("/").content.decode()
