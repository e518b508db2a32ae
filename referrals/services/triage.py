"""Staff triage of a report (accept, merge, reject) and the two confirmations of its referrer.

Each is one step through `referral_transition`; what is here is the step's own rule.
"""

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from projects.enums import ProjectState, Source
from projects.services import project_create

from .. import permissions as can
from ..enums import ConfirmingParty, ReferralStep
from .submission import company_known
from .transitions import referral_transition


def _host_members(referral):
    """The host unit's staff hear of a referral taken into the ledger: they confirm the referrer."""
    if referral.host_unit_id is None or not referral.is_first:
        return []
    return list(get_user_model().objects.filter(unit_id=referral.host_unit_id, is_active=True))


def _host_of(*units):
    """The first unit that may host the project (never the promotion centre), or None."""
    return next((unit for unit in units if can.may_host(unit)), None)


def referral_accept(
    *, referral, by, state=ProjectState.LEAD, project_name="", platform=None, responsible_unit=None, note=""
):
    """Take a first report into the ledger: a new project in `lead` or `intake`, linked both ways.

    The host unit (the responsible unit, else the platform) is a platform, township or department:
    it gives the second confirmation, so it is never the promotion centre.
    """

    def apply(locked):
        for field, unit in (("responsible_unit", responsible_unit), ("platform", platform)):
            if unit is not None and not can.may_host(unit):
                message = _("The host unit is a platform, township or department, not the promotion centre.")
                raise ValidationError({field: [message]})
        if not locked.is_first:
            raise ValidationError(_("Only a first report can be accepted; merge a duplicate instead."))
        if company_known(
            name_key=locked.company_name_key, code_key=locked.company_code_key, exclude_referral=locked
        ):
            raise ValidationError(
                _("This company is already in the ledger; merge the referral into its project instead."),
                code="in_ledger",
            )
        locked.project = project_create(
            by=by,
            state=state,
            name=(project_name or "").strip()
            or _("%(company)s investment project") % {"company": locked.company_name},
            investor_name=locked.company_name,
            investor_credit_code=locked.company_code_key,
            source=Source.REFERRAL,
            industry_chain=locked.industry,
            total_investment=locked.intended_investment or 0,
            platform=platform,
            responsible_unit=responsible_unit,
        )
        locked.host_unit = responsible_unit or platform

    return referral_transition(
        referral=referral,
        step=ReferralStep.ACCEPT,
        by=by,
        note=note,
        apply=apply,
        data=lambda locked: {"project_id": locked.project_id, "state": str(state)},
        recipients=_host_members,
    )


def referral_merge(*, referral, by, project, note=""):
    """Link a report to a project already in the ledger; its host is the project's host unit."""

    def apply(locked):
        locked.project = project
        locked.host_unit = _host_of(project.responsible_unit, project.platform)

    return referral_transition(
        referral=referral, step=ReferralStep.MERGE, by=by, note=note, apply=apply, recipients=_host_members
    )


def referral_reject(*, referral, by, reason):
    """Turn a report down with a reason the referrer reads on the status page.

    A rejected first report stops being first, so a later valid report of that company can win.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason the referrer will see.")]})

    def apply(locked):
        locked.is_first = False
        locked.public_reason = reason
        try:
            locked.full_clean(exclude=["tracking_code", "project", "host_unit"])
        except ValidationError as exc:
            raise ValidationError({"reason": exc.message_dict.get("public_reason", exc.messages)}) from None

    return referral_transition(referral=referral, step=ReferralStep.REJECT, by=by, note=reason, apply=apply)


CONFIRM_STEPS = {
    ConfirmingParty.CENTRE: ReferralStep.CONFIRM_CENTRE,
    ConfirmingParty.HOST: ReferralStep.CONFIRM_HOST,
}


def referral_confirm(*, referral, by, party):
    """Record one of the two confirmations of the referrer (domain §4): the promotion centre's and
    the host unit's, each by a member of that unit, and by two different people."""
    party = ConfirmingParty(party)
    other = ConfirmingParty.HOST if party == ConfirmingParty.CENTRE else ConfirmingParty.CENTRE

    def apply(locked):
        if not locked.is_first:
            raise ValidationError(_("Only a first report taken into the ledger can be confirmed."))
        if getattr(locked, f"{other.value}_confirmed_by_id") == by.pk:
            raise ValidationError(
                _("The centre and the host unit confirm through two different people."), code="same_person"
            )

    return referral_transition(
        referral=referral,
        step=CONFIRM_STEPS[party],
        by=by,
        note=party.label,
        apply=apply,
        data=lambda locked: {"party": party.value, "fully_confirmed": locked.is_confirmed},
        event_key=f"referral.confirmed:{referral.pk}:{party.value}",
    )
