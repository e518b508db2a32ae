import pytest

from referrals import demo
from referrals.enums import ReferralStatus
from referrals.models import Referral
from referrals.selectors import referral_public_status
from tests import factories

pytestmark = pytest.mark.django_db


def test_demo_referrals_cover_every_triage_state_and_seeding_twice_changes_nothing():
    units = factories.units()
    factories.make_user("promotion_staff", "touchu", username="staff")
    factories.make_user("platform_reviewer", "kaifaqu", username="kaifaqu")
    factories.make_project(investor_name="浙江某某实业有限公司")
    demo.seed(units)
    statuses = set(Referral.objects.values_list("status", flat=True))
    assert statuses == set(ReferralStatus.values)
    accepted = Referral.objects.get(status=ReferralStatus.ACCEPTED)
    assert accepted.is_confirmed
    count = Referral.objects.count()
    assert "Referrals" in demo.seed(units)
    assert Referral.objects.count() == count
    shown = referral_public_status(code="XIAN-JUDE-MOAA-AAA7", mobile_last4="0006")
    assert shown.is_duplicate
