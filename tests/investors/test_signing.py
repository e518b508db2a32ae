"""Honest signing (issue 16 §5): a project is signed once, whatever ceremony lists it again."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from investors import selectors, services
from investors.models import CeremonyListing
from projects.enums import ProjectState
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
WAN = Decimal("10000")


@pytest.fixture
def ceremonies(staff):
    first = services.ceremony_create(by=staff, name="春季重大项目集中签约", date=D(2026, 3, 18))
    second = services.ceremony_create(by=staff, name="招商引资推介会", date=D(2026, 9, 8))
    return first, second


def test_a_ceremony_signs_a_decided_project_with_its_date_and_amount(staff, leader, ceremonies):
    project = factories.make_decided_project(leader)

    services.ceremony_list_project(by=staff, ceremony=ceremonies[0], project=project, amount=50000 * WAN)

    project.refresh_from_db()
    assert project.state == ProjectState.SIGNED
    assert project.contract_date == D(2026, 3, 18)
    assert project.contracted_investment == 50000 * WAN


def test_a_second_signing_is_refused_in_chinese(staff, leader, ceremonies):
    project = factories.make_decided_project(leader, name="医用导管二期")
    services.ceremony_list_project(by=staff, ceremony=ceremonies[0], project=project, amount=50000 * WAN)

    with pytest.raises(ValidationError) as exc:
        services.ceremony_list_project(by=staff, ceremony=ceremonies[1], project=project, amount=50000 * WAN)

    message = exc.value.message_dict["project"][0]
    assert message == "“医用导管二期”已于2026-03-18在“春季重大项目集中签约”签约，一个项目只能签约一次。"
    assert CeremonyListing.objects.filter(project=project).count() == 1


def test_a_project_signed_in_the_ledger_is_not_signed_again_at_a_ceremony(staff, ceremonies):
    project = factories.make_project(state=ProjectState.STARTED, contract_date=D(2025, 12, 1))

    with pytest.raises(ValidationError, match="只能签约一次"):
        services.ceremony_list_project(by=staff, ceremony=ceremonies[0], project=project, amount=WAN)


def test_listing_again_is_shown_but_adds_no_signing_and_no_amount(staff, leader, ceremonies):
    project = factories.make_decided_project(leader, funds_received=0)
    services.ceremony_list_project(by=staff, ceremony=ceremonies[0], project=project, amount=30000 * WAN)
    services.ceremony_list_project(by=staff, ceremony=ceremonies[1], project=project, relisting=True)

    rows = {c.pk: c for c in selectors.ceremonies()}

    assert (rows[ceremonies[0].pk].signed, rows[ceremonies[0].pk].signed_total) == (1, 30000 * WAN)
    assert (rows[ceremonies[1].pk].signed, rows[ceremonies[1].pk].relisted) == (0, 1)
    assert rows[ceremonies[1].pk].signed_total == 0


def test_the_ceremony_page_lists_projects_amounts_and_funds(client, staff, leader, ceremonies):
    project = factories.make_decided_project(leader, name="年产500万套医用导管")
    services.ceremony_list_project(by=staff, ceremony=ceremonies[0], project=project, amount=12345 * WAN)
    client.force_login(staff)

    page = client.get(reverse("investors:ceremony", args=[ceremonies[0].pk])).content.decode()

    assert "年产500万套医用导管" in page
    assert "12,345" in page


def test_the_page_refuses_a_second_signing_next_to_the_project_field(client, staff, leader, ceremonies):
    project = factories.make_decided_project(leader, name="重复签约项目")
    services.ceremony_list_project(by=staff, ceremony=ceremonies[0], project=project, amount=WAN)
    client.force_login(staff)

    response = client.post(
        reverse("investors:ceremony", args=[ceremonies[1].pk]), {"project": project.pk, "amount": "100"}
    )

    assert response.status_code == 200
    assert "一个项目只能签约一次" in response.content.decode()


def test_the_api_refuses_a_second_signing_with_the_portals_error_shape(client, staff, leader, ceremonies):
    project = factories.make_decided_project(leader)
    client.force_login(staff)
    url = reverse("signing-ceremony-listings", args=[ceremonies[0].pk])
    assert (
        client.post(
            url, {"project": project.pk, "amount": "1000000.00"}, content_type="application/json"
        ).status_code
        == 200
    )

    response = client.post(
        reverse("signing-ceremony-listings", args=[ceremonies[1].pk]),
        {"project": project.pk, "amount": "1000000.00"},
        content_type="application/json",
    )

    assert response.status_code == 400
    assert "只能签约一次" in response.json()["project"][0]


def test_projects_signed_long_ago_without_funds_are_reported(staff):
    today = D(2026, 11, 30)
    old = factories.make_project(state=ProjectState.SIGNED, contract_date=D(2026, 5, 29), funds_received=0)
    edge = factories.make_project(state=ProjectState.SIGNED, contract_date=D(2026, 5, 30), funds_received=0)
    recent = factories.make_project(state=ProjectState.SIGNED, contract_date=D(2026, 6, 1), funds_received=0)
    funded = factories.make_project(
        state=ProjectState.STARTED, contract_date=D(2026, 1, 5), funds_received=WAN
    )
    exited = factories.make_project(state=ProjectState.EXITED, contract_date=D(2026, 1, 5), funds_received=0)

    rows, months = selectors.unfunded_signings(months=6, today=today)

    assert set(rows) == {old, edge}
    assert months == 6
    assert not {recent, funded, exited} & set(rows)
