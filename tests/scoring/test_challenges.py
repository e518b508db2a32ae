"""揭榜挂帅: post, claim, link; won by a linked project signed on target by the deadline, else expired."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from scoring import services
from scoring.enums import ChallengeState, PeriodKind, Rule
from scoring.models import Challenge
from scoring.periods import Period
from scoring.selectors import unit_points
from tests import factories

pytestmark = pytest.mark.django_db

DEADLINE = dt.date(2026, 6, 30)


@pytest.fixture
def township_user(db):
    return factories.make_user("platform_reviewer", "anzhou")


@pytest.fixture
def challenge(staff):
    return services.challenge_post(
        by=staff,
        title="引进医疗器械链主企业",
        industry_chain="medical_devices",
        min_investment=Decimal("500000000"),
        posted_on=dt.date(2026, 1, 1),
        deadline=DEADLINE,
        bonus=8,
    )


def claimed_with(challenge, user, contract_date, total=Decimal("500000000"), chain="medical_devices"):
    project = factories.make_project(
        responsible_unit=user.unit,
        industry_chain_id=chain,
        total_investment=total,
        fixed_asset_investment=0,
        contract_date=contract_date,
        state="signed" if contract_date else "assessment",
    )
    return services.challenge_claim(challenge=challenge, by=user, project=project)


@pytest.mark.parametrize(
    ("signed_on", "today", "state"),
    [
        (DEADLINE, DEADLINE, ChallengeState.WON),
        (None, DEADLINE, ChallengeState.OPEN),
        (None, DEADLINE + dt.timedelta(1), ChallengeState.EXPIRED),
        (DEADLINE + dt.timedelta(1), DEADLINE + dt.timedelta(1), ChallengeState.EXPIRED),
    ],
)
def test_challenge_is_won_by_the_deadline_or_expires_the_day_after(
    challenge, township_user, signed_on, today, state
):
    claimed_with(challenge, township_user, signed_on)
    services.challenges_settle(today=today)
    challenge.refresh_from_db()
    assert challenge.state == state


@pytest.mark.parametrize(
    ("total", "chain"),
    [
        (Decimal("499999999.99"), "medical_devices"),
        (Decimal("900000000"), "auto_parts"),
    ],
)
def test_a_project_below_the_target_does_not_win(challenge, township_user, total, chain):
    claimed_with(challenge, township_user, dt.date(2026, 3, 1), total=total, chain=chain)
    services.challenges_settle(today=dt.date(2026, 3, 2))
    challenge.refresh_from_db()
    assert challenge.state == ChallengeState.OPEN


def test_the_bonus_counts_in_the_period_of_the_signing(challenge, township_user):
    claimed_with(challenge, township_user, dt.date(2026, 3, 31))
    services.challenges_settle(today=dt.date(2026, 5, 2))
    parts, *_ = unit_points(Period(PeriodKind.QUARTER, dt.date(2026, 1, 1)))
    assert parts[township_user.unit_id][Rule.CHALLENGE] == Decimal("8.00")
    parts, *_ = unit_points(Period(PeriodKind.QUARTER, dt.date(2026, 4, 1)))
    assert Rule.CHALLENGE not in parts.get(township_user.unit_id, {})


def test_a_unit_claims_once_and_only_while_open(challenge, township_user, staff):
    services.challenge_claim(challenge=challenge, by=township_user)
    with pytest.raises(ValidationError, match="already|已"):
        services.challenge_claim(challenge=challenge, by=township_user)
    with pytest.raises(PermissionDenied):
        services.challenge_claim(challenge=challenge, by=staff)  # the centre posts, it does not claim
    Challenge.objects.filter(pk=challenge.pk).update(state=ChallengeState.EXPIRED)
    other = factories.make_user("platform_reviewer", "fuying")
    with pytest.raises(ValidationError, match="no longer open|不再"):
        services.challenge_claim(challenge=challenge, by=other)


def test_a_unit_links_only_its_own_project(challenge, township_user):
    claim = services.challenge_claim(challenge=challenge, by=township_user)
    foreign = factories.make_project(responsible_unit=factories.units()["fuying"])
    with pytest.raises(ValidationError):
        services.challenge_link(claim=claim, project=foreign, by=township_user)
    claim.refresh_from_db()
    assert claim.project is None


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"title": " "}, "title"),
        ({"bonus": 0}, "bonus"),
        ({"deadline": dt.date(2025, 12, 31)}, "deadline"),
        ({"bonus": "abc"}, "bonus"),
    ],
)
def test_bad_challenges_are_refused_with_a_field_message_and_nothing_saved(staff, fields, field):
    values = {"title": "任务", "deadline": DEADLINE, "bonus": 5, "posted_on": dt.date(2026, 1, 1), **fields}
    with pytest.raises(ValidationError) as error:
        services.challenge_post(by=staff, **values)
    assert field in error.value.message_dict
    assert not Challenge.objects.exists()
