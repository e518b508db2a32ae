"""Deep pages of the rewards register cost what the first one does, on the page and in the API."""

import pytest
from django.urls import reverse

from tests import factories


@pytest.fixture
def register_of(default_policy):
    def make(count):
        project = factories.make_project(state="in_production")
        return factories.make_installments(project, count, policy=default_policy)

    return make


def _page_ids(client, page):
    response = client.get(reverse("incentives:list"), {"page": page})
    assert response.status_code == 200
    return [row["pk"] for row in response.context["rows"]]


@pytest.mark.parametrize("count", [10, 260])
def test_register_first_and_last_pages_take_the_same_queries(
    client, staff, register_of, count, django_assert_max_num_queries
):
    made = register_of(count)
    client.force_login(staff)
    client.get(reverse("incentives:list"))  # totals cached, as after any first visit
    last = (count + 49) // 50
    with django_assert_max_num_queries(8):
        first_ids = _page_ids(client, 1)
    with django_assert_max_num_queries(8):
        last_ids = _page_ids(client, last)
    newest_first = [i.pk for i in sorted(made, key=lambda i: i.trigger_date, reverse=True)]
    assert first_ids == newest_first[:50]
    assert last_ids == newest_first[(last - 1) * 50 :]  # read from the end, shown in register order


@pytest.mark.parametrize("count", [10, 260])
def test_api_register_pages_from_both_ends_with_the_same_queries(
    client, staff, register_of, count, django_assert_max_num_queries
):
    made = register_of(count)
    client.force_login(staff)
    url = "/api/reward-installments/"
    client.get(url)  # the count is cached for the filter set
    last = (count + 49) // 50
    with django_assert_max_num_queries(6):
        first = client.get(url, {"page": 1}).json()
    with django_assert_max_num_queries(6):
        tail = client.get(url, {"page": last}).json()
    assert first["count"] == tail["count"] == count
    newest_first = [i.pk for i in sorted(made, key=lambda i: i.trigger_date, reverse=True)]
    assert [row["id"] for row in first["results"]] == newest_first[:50]
    assert [row["id"] for row in tail["results"]] == newest_first[(last - 1) * 50 :]
