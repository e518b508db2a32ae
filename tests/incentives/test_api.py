"""The rewards API: the same doors as the pages, structured errors, in the OpenAPI schema."""

import pytest
from rest_framework.test import APIClient

from incentives import services
from incentives.models import Installment

from .conftest import TODAY


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def due(worked_example):
    services.installments_create_due(today=TODAY)
    return Installment.objects.get(project=worked_example, slot="completion")


def rows(response):
    data = response.json()
    return data["results"] if isinstance(data, dict) and "results" in data else data


def test_register_and_explanation(api, staff, due):
    api.force_authenticate(staff)
    listed = rows(api.get("/api/reward-installments/", {"reward": "referral"}))
    assert {r["slot"] for r in listed} == {"completion", "capacity", "tax-2026"}
    one = api.get(f"/api/reward-installments/{due.pk}/").json()
    assert one["gross"] == "2000000.00"
    assert "intensity_factor" in [line["rule"] for line in one["explanation"]]


def test_lifecycle_through_the_api_with_structured_errors(api, staff, leader, due):
    api.force_authenticate(leader)
    assert api.post(f"/api/reward-installments/{due.pk}/act/", {"action": "check"}).status_code == 403
    api.force_authenticate(staff)
    assert (
        api.post(f"/api/reward-installments/{due.pk}/act/", {"action": "check"}).json()["state"] == "checked"
    )
    response = api.post(f"/api/reward-installments/{due.pk}/act/", {"action": "check"})
    assert response.status_code == 400 and "non_field_errors" in response.json()
    api.force_authenticate(leader)
    assert (
        api.post(f"/api/reward-installments/{due.pk}/act/", {"action": "approve"}).json()["state"]
        == "approved"
    )


def test_bad_tax_gets_a_structured_error(api, staff, worked_example):
    api.force_authenticate(staff)
    response = api.post(
        "/api/reward-taxes/",
        {"project": worked_example.pk, "year": 2025, "amount": "-1"},
        HTTP_ACCEPT_LANGUAGE="zh-hans",
    )
    assert response.status_code == 400
    assert "大于零" in response.json()["non_field_errors"][0]


def test_only_staff_enter_tax_and_others_are_refused_before_the_figures(api, leader, finance, worked_example):
    for user in (leader, finance):
        api.force_authenticate(user)
        response = api.post(
            "/api/reward-taxes/", {"project": worked_example.pk, "year": 2025, "amount": "-1"}
        )
        assert response.status_code == 403
        assert api.get("/api/reward-taxes/").json()["results"][0]["project"] == worked_example.pk  # a page


def test_public_notice_is_open_and_masked(api, staff, leader, due):
    services.installment_check(installment=due, by=staff)
    services.installment_approve(installment=due, by=leader)
    services.installment_publish(installment=due, by=staff)
    [row] = api.get("/api/rewards/notice/").json()
    assert row["beneficiary"] == "王**" and row["amount"] == "2000000.00"


def test_what_if_gives_the_worked_example(api, staff, default_policy):
    api.force_authenticate(staff)
    response = api.post(
        "/api/rewards/what-if/",
        {
            "total_investment": "1200000000",
            "fixed_asset_investment": "800000000",
            "equipment_investment": "300000000",
            "land_area": "200",
            "expected_tax": "15000000",
            "version": default_policy.pk,
        },
        format="json",
    )
    assert response.json()["totals"] == {
        "referral": "2000000.00",
        "investment": "9000000.00",
        "operating": "0.00",
    }


def test_schema_lists_the_reward_endpoints(api, staff):
    api.force_authenticate(staff)
    schema = api.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    for path in (
        "/api/reward-installments/",
        "/api/reward-taxes/",
        "/api/rewards/notice/",
        "/api/rewards/what-if/",
    ):
        assert path in schema
