"""Who may do what with referrals, and whose personal data each viewer may read.

Masking rule: triage staff (org.triage_referrals) handle the referrer and see their name,
mobile and email in full; every other viewer (leaders, host-unit staff confirming a referral)
sees them masked, since they only need to know that a referrer exists and is confirmed.
"""

from org.enums import UnitKind

from .enums import ReferralStep

# Units that host a project and so confirm its referrer (domain §4); never the promotion centre,
# which gives the other confirmation.
HOST_UNIT_KINDS = (UnitKind.PLATFORM, UnitKind.TOWNSHIP, UnitKind.DEPARTMENT)


def can_triage(user):
    return user.is_authenticated and user.has_perm("org.triage_referrals")


def can_view_queue(user):
    return user.is_authenticated and (user.has_perm("org.triage_referrals") or user.has_perm("org.view_all"))


def sees_personal_data(user):
    return can_triage(user)


def may_take_any(user, referral, steps):
    return any(may_take_step(user, referral, step) for step in steps)


def is_host_member(user, referral):
    return (
        user.is_authenticated and referral.host_unit_id is not None and user.unit_id == referral.host_unit_id
    )


def can_view(user, referral):
    return can_view_queue(user) or is_host_member(user, referral)


def can_confirm_for_centre(user):
    return can_triage(user) and user.unit_id is not None and user.unit.kind == UnitKind.PROMOTION_CENTRE


def may_host(unit):
    return unit is not None and unit.kind in HOST_UNIT_KINDS


def can_confirm_for_host(user, referral):
    return is_host_member(user, referral) and may_host(referral.host_unit)


def may_take_step(user, referral, step):
    """May `user` take `step` (a ReferralStep) on `referral`? Used by the service's door and pages."""
    if step == ReferralStep.CONFIRM_CENTRE:
        return can_confirm_for_centre(user)
    if step == ReferralStep.CONFIRM_HOST:
        return can_confirm_for_host(user, referral)
    return can_triage(user)


def mask_name(name):
    name = name or ""
    return (name[:1] + "*" * max(len(name) - 1, 1)) if name else ""


def mask_mobile(mobile):
    mobile = mobile or ""
    return f"{mobile[:3]}****{mobile[-4:]}" if len(mobile) >= 8 else "****"


def mask_email(email):
    if not email or "@" not in email:
        return ""
    local, domain = email.split("@", 1)
    return f"{local[:1]}***@{domain}"
