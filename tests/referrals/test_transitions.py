"""One door for a referral's status: each step is taken only from the statuses the table allows."""

import pytest
from django.core.exceptions import ValidationError

from audit.models import AuditEntry
from referrals.enums import ReferralStatus, ReferralStep
from referrals.models import Referral
from referrals.services import (
    allowed_steps,
    referral_accept,
    referral_confirm,
    referral_merge,
    referral_reject,
    referral_submit,
)
from tests import factories

from .conftest import referral_data

pytestmark = pytest.mark.django_db

S, STEP = ReferralStatus, ReferralStep

# Status -> the steps it may take, and where each leads (None: the status stays, a confirmation).
EXPECTED = {
    S.SUBMITTED: {STEP.ACCEPT: S.ACCEPTED, STEP.MERGE: S.MERGED, STEP.REJECT: S.REJECTED},
    S.DUPLICATE: {STEP.MERGE: S.MERGED, STEP.REJECT: S.REJECTED},
    S.ACCEPTED: {STEP.CONFIRM_CENTRE: None, STEP.CONFIRM_HOST: None},
    S.MERGED: {STEP.CONFIRM_CENTRE: None, STEP.CONFIRM_HOST: None},
    S.REJECTED: {},
}

ACTIONS = {
    STEP.ACCEPT: "referral.accepted",
    STEP.MERGE: "referral.merged",
    STEP.REJECT: "referral.rejected",
    STEP.CONFIRM_CENTRE: "referral.confirmed",
    STEP.CONFIRM_HOST: "referral.confirmed",
}


@pytest.fixture
def people(staff):
    return {"staff": staff, "host": factories.make_user("platform_reviewer", "kaifaqu")}


def referral_in(status):
    """A report in `status` with the development zone as host unit (so that its staff may try the
    host's confirmation from any status), linked to a project once past triage."""
    referral = referral_submit(data=referral_data())
    units = factories.units()
    past_triage = status in (S.ACCEPTED, S.MERGED)
    Referral.objects.filter(pk=referral.pk).update(
        status=status,
        is_first=status not in (S.DUPLICATE, S.REJECTED),
        project=factories.make_project() if past_triage else None,
        host_unit=units["kaifaqu"],
    )
    referral.refresh_from_db()
    return referral


def take(step, referral, people):
    units = factories.units()
    if step == STEP.ACCEPT:
        referral_accept(referral=referral, by=people["staff"], platform=units["kaifaqu"])
    elif step == STEP.MERGE:
        referral_merge(referral=referral, by=people["staff"], project=factories.make_project())
    elif step == STEP.REJECT:
        referral_reject(referral=referral, by=people["staff"], reason="企业暂无投资意向")
    elif step == STEP.CONFIRM_CENTRE:
        referral_confirm(referral=referral, by=people["staff"], party="centre")
    else:
        referral_confirm(referral=referral, by=people["host"], party="host")


@pytest.mark.parametrize("status", list(S))
@pytest.mark.parametrize("step", list(STEP))
def test_a_step_is_taken_only_from_the_statuses_the_table_allows(status, step, people):
    referral = referral_in(status)
    allowed = step in EXPECTED[status]
    if allowed:
        take(step, referral, people)
    else:
        with pytest.raises(ValidationError):
            take(step, referral, people)
    referral.refresh_from_db()
    audited = AuditEntry.objects.filter(object_id=referral.pk, action=ACTIONS[step])
    if not allowed:
        assert referral.status == status
        assert not audited.exists()
        return
    assert referral.status == (EXPECTED[status][step] or status)
    entry = audited.get()
    expected_by = people["host"] if step == STEP.CONFIRM_HOST else people["staff"]
    assert entry.actor == expected_by
    who = {
        STEP.CONFIRM_CENTRE: "centre_confirmed",
        STEP.CONFIRM_HOST: "host_confirmed",
    }.get(step, "triaged")
    assert getattr(referral, f"{who}_by") == expected_by
    assert getattr(referral, f"{who}_at") is not None


@pytest.mark.parametrize("status", list(S))
def test_pages_offer_the_steps_of_the_table(status):
    assert set(allowed_steps(status)) == set(EXPECTED[status])
