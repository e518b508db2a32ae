"""`referral_transition`: the only door through which a referral changes status or is confirmed."""

from typing import NamedTuple

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import event_emit

from .. import permissions as can
from ..enums import IN_LEDGER_STATUSES, OPEN_STATUSES, ReferralStatus, ReferralStep
from ..models import Referral

R = ReferralStatus


class Step(NamedTuple):
    action: str  # the audit action and the event kind
    source: frozenset  # statuses the step may start from
    target: str | None  # the status it leads to; None keeps the status (a confirmation)
    by_field: str  # who took it
    at_field: str  # when


TRIAGED = ("triaged_by", "triaged_at")
OPEN, IN_LEDGER = frozenset(OPEN_STATUSES), frozenset(IN_LEDGER_STATUSES)

# Which status may go to which, and by which step.
STEPS = {
    ReferralStep.ACCEPT: Step("referral.accepted", frozenset({R.SUBMITTED}), R.ACCEPTED, *TRIAGED),
    ReferralStep.MERGE: Step("referral.merged", OPEN, R.MERGED, *TRIAGED),
    ReferralStep.REJECT: Step("referral.rejected", OPEN, R.REJECTED, *TRIAGED),
    ReferralStep.CONFIRM_CENTRE: Step(
        "referral.confirmed", IN_LEDGER, None, "centre_confirmed_by", "centre_confirmed_at"
    ),
    ReferralStep.CONFIRM_HOST: Step(
        "referral.confirmed", IN_LEDGER, None, "host_confirmed_by", "host_confirmed_at"
    ),
}


def allowed_steps(status):
    """The steps a referral in `status` may take, in table order."""
    return [step for step, rule in STEPS.items() if status in rule.source]


def _refusal(step):
    if step == ReferralStep.CONFIRM_CENTRE:
        return _("Only promotion-centre staff confirm for the centre.")
    if step == ReferralStep.CONFIRM_HOST:
        return _("Only staff of the host unit confirm for it.")
    return _("You are not allowed to triage referrals.")


def referral_transition(*, referral, step, by, note="", apply=None, data=None, event_key=None, recipients=()):
    """Take `step` on `referral` as user `by`.

    Locks the row, checks that `by` may take the step and that the table allows it from the current
    status, lets `apply(locked)` make the step's own checks and changes, moves the status, records
    who and when, saves, writes the audit row and emits the event (kind: the step's action; key:
    `event_key` or "<action>:<pk>"; `data`, for both, and `recipients` may be callables of the
    saved referral). Raises PermissionDenied or ValidationError and changes nothing on failure.
    Returns the saved referral and updates `referral` to match.
    """
    step = ReferralStep(step)
    rule = STEPS[step]
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if not can.may_take_step(by, locked, step):
            raise PermissionDenied(_refusal(step))
        if locked.status not in rule.source and rule.target is None:
            raise ValidationError(
                _("Only a first report taken into the ledger can be confirmed."), code="order"
            )
        if locked.status not in rule.source:
            raise ValidationError(
                _("This referral is already “%(status)s”; reload the page.")
                % {"status": locked.get_status_display()},
                code="stale",
            )
        if rule.target is None and getattr(locked, rule.at_field):
            raise ValidationError(_("This confirmation has already been recorded."), code="stale")
        from_status = locked.status
        if apply is not None:
            apply(locked)
        if rule.target is not None:
            locked.status = rule.target
        setattr(locked, rule.by_field, by)
        setattr(locked, rule.at_field, timezone.now())
        locked.save()
        data = (data(locked) if callable(data) else data) or {}
        audit_record(
            obj=locked,
            action=rule.action,
            actor=by,
            from_state=from_status if rule.target else "",
            to_state=rule.target or "",
            note=note,
            data=data,
            project_id=locked.project_id,
        )
        event_emit(
            kind=rule.action,
            key=event_key or f"{rule.action}:{locked.pk}",
            payload={"referral_id": locked.pk, "project_id": locked.project_id, **data},
            recipients=recipients(locked) if callable(recipients) else recipients,
        )
    referral.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked
