"""Reads: the triage queue and what a referrer may see of their own report."""

import hmac
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils.translation import pgettext_lazy

from projects.enums import ProjectState

from .enums import ReferralStatus
from .models import Referral, normalise_tracking_code

S = ProjectState

# The referrer sees a coarse public stage of the project, never internal review detail.
PUBLIC_STAGES = [
    ({S.LEAD, S.INTAKE}, pgettext_lazy("public stage", "Being followed up")),
    ({S.ASSESSMENT, S.PRE_REVIEW, S.DECISION}, pgettext_lazy("public stage", "Under negotiation")),
    ({S.SIGNED, S.LAND_SUPPLIED}, pgettext_lazy("public stage", "Contract signed")),
    ({S.STARTED}, pgettext_lazy("public stage", "Construction started")),
    ({S.COMPLETED}, pgettext_lazy("public stage", "Construction completed")),
    ({S.IN_PRODUCTION, S.AT_CAPACITY, S.ASSESSED}, pgettext_lazy("public stage", "In production")),
    ({S.EXITED, S.REJECTED}, pgettext_lazy("public stage", "Not going ahead")),
]


def public_stage(project_state):
    for states, label in PUBLIC_STAGES:
        if project_state in states:
            return label
    return ""


def confirmed_first_referral(project):
    """The referral that may earn the referral reward for `project` (domain §4): the first report,
    taken into the ledger, confirmed by the centre and by the host unit; None if there is none."""
    return (
        Referral.objects.filter(
            project=project,
            is_first=True,
            centre_confirmed_at__isnull=False,
            host_confirmed_at__isnull=False,
        )
        .order_by("submitted_at")
        .first()
    )


def referral_queue(*, status=None, search=""):
    qs = (
        Referral.objects.select_related("project", "host_unit")
        .annotate(attachment_count=Count("attachments"))
        .order_by("-submitted_at", "-id")
    )
    if status:
        qs = qs.filter(status=status)
    if search:
        qs = qs.filter(company_name__icontains=search[:100])
    return qs


def referral_queue_counts():
    rows = Referral.objects.values("status").annotate(n=Count("id"))
    counts = {row["status"]: row["n"] for row in rows}
    return [(value, label, counts.get(value, 0)) for value, label in ReferralStatus.choices]


@dataclass
class PublicStatus:
    tracking_code: str
    company_name: str
    submitted_at: object
    status: str
    status_label: str
    is_duplicate: bool
    stage: str
    reason: str
    confirmed: bool
    rewards: list


def _public_rewards(referral):
    """Rewards the incentives app has decided for this referral, if it provides a reader for them."""
    try:
        from incentives.selectors import referral_public_rewards
    except ImportError:
        return []
    return list(referral_public_rewards(referral))


def referral_public_status(*, code, mobile_last4):
    """The referrer's view, or None. Wrong code and wrong digits are indistinguishable."""
    code = normalise_tracking_code(code)
    digits = str(mobile_last4 or "")[:8]
    referral = Referral.objects.select_related("project").filter(tracking_code=code).first() if code else None
    expected = referral.referrer_mobile[-4:] if referral else "----"
    if not hmac.compare_digest(expected.encode(), digits.encode()) or referral is None:
        return None
    duplicate = not referral.is_first and referral.status != ReferralStatus.REJECTED
    stage = public_stage(referral.project.state) if referral.project and referral.is_first else ""
    return PublicStatus(
        tracking_code=referral.display_code,
        company_name=referral.company_name,
        submitted_at=referral.submitted_at,
        status=referral.status,
        status_label=str(ReferralStatus.DUPLICATE.label if duplicate else referral.get_status_display()),
        is_duplicate=duplicate,
        stage=str(stage),
        reason=referral.public_reason if referral.status == ReferralStatus.REJECTED else "",
        confirmed=referral.is_confirmed,
        rewards=_public_rewards(referral) if referral.is_first else [],
    )


def triage_staff():
    """Users who triage referrals, by a group's permission or their own."""
    codename = "triage_referrals"
    perm = Q(groups__permissions__codename=codename) | Q(user_permissions__codename=codename)
    return get_user_model().objects.filter(perm)
