import datetime as dt
from decimal import Decimal

import pytest

from incentives.enums import FactState
from incentives.models import RetainedTax
from tests import factories

TODAY = dt.date(2030, 3, 1)


@pytest.fixture
def staff2(db):
    return factories.make_user("promotion_staff", "touchu")


@pytest.fixture
def finance(db):
    return factories.make_user("finance", "caizheng")


@pytest.fixture
def default_policy(db):
    """The migration's default version (a transactional test elsewhere may have flushed it)."""
    from incentives.services import policy_ensure_default

    return policy_ensure_default()


@pytest.fixture
def worked_example(default_policy, staff, staff2):
    """Domain §4's worked example: 12亿 total, 8亿 FAI on 200 亩, capacity reached, year-1 tax 1,500万."""
    project = factories.make_rewarded_project(
        entered_by=staff,
        verified_by=staff2,
        completion=dt.date(2025, 6, 1),
        production=dt.date(2025, 9, 10),
        capacity=dt.date(2026, 3, 1),
        state="at_capacity",
    )
    factories.make_confirmed_referral(project)
    RetainedTax.objects.create(
        project=project,
        year=2026,
        amount=Decimal("15000000"),
        state=FactState.VERIFIED,
        entered_by=staff,
        verified_by=staff2,
    )
    return project
