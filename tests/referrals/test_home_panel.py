"""The triage figures on staff's home page follow public reports; a duplicate, which the panel does
not list, leaves them cached (docs/architecture.md, "Hot pages: caches")."""

import re

import pytest
from rest_framework.test import APIClient

from .conftest import referral_data

pytestmark = pytest.mark.django_db


def triage_count(client, user):
    client.force_login(user)
    html = client.get("/").content.decode()
    return re.search(r'id="triage-count"><span class="fs-3 fw-semibold">([^<]+)</span>', html)[1].strip()


def report(**fields):
    response = APIClient().post("/api/public/referrals/", referral_data(**fields), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def test_a_new_report_shows_on_the_home_page_and_a_duplicate_leaves_the_figures_cached(
    client, staff, django_assert_max_num_queries
):
    assert triage_count(client, staff) == "0"
    assert report(company_name="仙居首报科技有限公司")["is_duplicate"] is False
    assert triage_count(client, staff) == "1"

    assert report(company_name="仙居首报科技有限公司")["is_duplicate"] is True
    with django_assert_max_num_queries(1):  # the signed-in user's row; every panel from its cache
        assert client.get("/").status_code == 200
    assert triage_count(client, staff) == "1"
    assert report(company_name="另一家科技有限公司")["is_duplicate"] is False
    assert triage_count(client, staff) == "2"
