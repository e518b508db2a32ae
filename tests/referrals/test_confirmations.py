"""The referrer is confirmed twice (domain §4): by the promotion centre and by the unit hosting the
project — two units, two different people, each confirming only for their own unit."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from rest_framework.test import APIClient

from projects.models import Project
from referrals.enums import ReferralStatus
from referrals.models import Referral
from referrals.services import referral_accept, referral_confirm, referral_submit
from tests import factories

from .conftest import referral_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def units():
    return factories.units()


def test_the_api_refuses_the_promotion_centre_as_host_unit(staff, units):
    referral = referral_submit(data=referral_data())
    api = APIClient()
    api.force_authenticate(staff)
    response = api.post(
        f"/api/referrals/{referral.pk}/accept/",
        {"initial_state": "lead", "responsible_unit": units["touchu"].pk},
        format="json",
    )
    assert response.status_code == 400
    assert "投资促进中心" in response.json()["responsible_unit"][0]
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SUBMITTED and referral.host_unit is None
    assert not Project.objects.exists()


def test_the_service_refuses_the_promotion_centre_as_host_unit(staff, units):
    referral = referral_submit(data=referral_data())
    with pytest.raises(ValidationError) as info:
        referral_accept(referral=referral, by=staff, responsible_unit=units["touchu"])
    assert "responsible_unit" in info.value.message_dict
    assert not Project.objects.exists()


def test_centre_staff_cannot_also_confirm_for_a_centre_recorded_as_host(staff, units):
    referral = referral_submit(data=referral_data())
    referral_accept(referral=referral, by=staff, platform=units["kaifaqu"])
    # A referral recorded before the rule, with the centre as its host unit.
    Referral.objects.filter(pk=referral.pk).update(host_unit=units["touchu"])
    referral.refresh_from_db()
    referral_confirm(referral=referral, by=staff, party="centre")
    with pytest.raises(PermissionDenied):
        referral_confirm(referral=referral, by=staff, party="host")
    referral.refresh_from_db()
    assert referral.host_confirmed_at is None and not referral.is_confirmed


def test_one_person_cannot_confirm_for_both_units_even_after_moving_to_the_centre(staff, units):
    referral = referral_submit(data=referral_data())
    referral_accept(referral=referral, by=staff, platform=units["kaifaqu"])
    mover = factories.make_user("promotion_staff", "kaifaqu")
    referral_confirm(referral=referral, by=mover, party="host")
    mover.unit = units["touchu"]
    mover.save()
    with pytest.raises(ValidationError) as info:
        referral_confirm(referral=referral, by=mover, party="centre")
    assert "两位不同" in info.value.messages[0]
    referral_confirm(referral=referral, by=staff, party="centre")
    referral.refresh_from_db()
    assert referral.is_confirmed
    assert referral.centre_confirmed_by == staff and referral.host_confirmed_by == mover


def test_the_page_offers_each_person_only_their_own_unit_s_confirmation(client, staff, units):
    referral = referral_submit(data=referral_data())
    referral_accept(referral=referral, by=staff, platform=units["kaifaqu"])
    host = factories.make_user("platform_reviewer", "kaifaqu")
    url = f"/refer/queue/{referral.pk}/"
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "/confirm/centre/" in page and "/confirm/host/" not in page
    client.force_login(host)
    page = client.get(url).content.decode()
    assert "/confirm/host/" in page and "/confirm/centre/" not in page
