"""Every write of the rewards app: facts (two people), beneficiaries, and the one door of an installment.

Lifecycle: calculated → checked (a second member of staff) → approved (a leader) → publicly noticed
(公示, N calendar days; an objection holds it) → paid (finance). Nothing changes an amount once
calculated; a correction is a new adjustment installment with a reason.
"""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import event_emit

from . import permissions as can
from .calculator import CENT, fen
from .enums import BeneficiaryKind, InstallmentState, ObjectionOutcome, Reward
from .facts import (  # noqa: F401 - the facts' writes are services too
    MAX_MONEY,
    beneficiaries_set,
    clean_amount,
    figures_enter,
    figures_verify,
    tax_enter,
    tax_verify,
)
from .models import Installment, Objection, PolicyVersion

S = InstallmentState


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


def _staff_with(perm):
    app_label, codename = perm.split(".")
    perm_q = Q(groups__permissions__codename=codename, groups__permissions__content_type__app_label=app_label)
    return list(
        get_user_model().objects.filter(perm_q, is_active=True).distinct().values_list("pk", flat=True)
    )


# --- The one door of an installment ----------------------------------------------------------------

# to-state: (allowed from-states, permission check, message when not allowed)
TRANSITIONS = {
    S.CHECKED: ({S.CALCULATED}, can.can_check, _("You may not check rewards.")),
    S.APPROVED: ({S.CHECKED}, can.can_approve, _("Only a leader may approve rewards.")),
    S.NOTICED: ({S.APPROVED, S.HELD}, can.can_check, _("You may not publish the notice.")),
    S.HELD: ({S.NOTICED}, lambda user: True, ""),
    S.PAID: ({S.NOTICED}, can.can_pay, _("Only the finance bureau may record payments.")),
    S.WITHDRAWN: ({S.CALCULATED, S.CHECKED, S.HELD}, can.can_check, _("You may not withdraw rewards.")),
}


def installment_move(*, installment, to, by, note="", today=None, **fields):
    """The only way an installment changes state: checks, locks, saves, audits, notifies."""
    allowed_from, allowed, message = TRANSITIONS[to]
    if by is not None:
        _require(allowed(by), message)
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Installment.objects.select_for_update().select_related("policy").get(pk=installment.pk)
        if locked.state not in allowed_from:
            raise ValidationError(
                _("This installment is “%(state)s”; reload the page.")
                % {"state": locked.get_state_display()},
                code="stale",
            )
        from_state = locked.state
        changed = _apply(locked, to, by, today, **fields)
        locked.state = to
        locked.save(update_fields=["state", *changed])
        entry = audit_record(
            obj=locked,
            action=f"reward.{to}",
            actor=by,
            from_state=from_state,
            to_state=to,
            note=note,
            data={"slot": locked.slot, "reward": locked.reward, "gross": locked.gross, **_plain(fields)},
            project_id=locked.project_id,
        )
        event_emit(
            kind=f"reward.{to}",
            key=f"reward.{to}:{locked.pk}:{entry.pk}",
            payload={
                "title": _("Reward %(state)s: %(what)s")
                % {"state": locked.get_state_display(), "what": locked},
                "body": note,
                "url": reverse("incentives:project", args=[locked.project_id]),
                "installment_id": locked.pk,
            },
            recipients=_recipients_for(to),
        )
    installment.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def _plain(fields):
    return {k: str(v) for k, v in fields.items()}


def _recipients_for(to):
    return {
        S.CHECKED: _staff_with("org.approve_rewards"),
        S.APPROVED: _staff_with("incentives.check_rewards"),
        S.NOTICED: [],
        S.HELD: _staff_with("incentives.check_rewards"),
        S.PAID: _staff_with("incentives.check_rewards"),
        S.WITHDRAWN: [],
    }.get(to, [])


def _apply(inst, to, by, today, **fields):
    now = timezone.now()
    if to == S.CHECKED:
        if inst.created_by_id is not None and inst.created_by_id == by.pk:
            raise ValidationError(_("A second member of staff must check an amount you recorded."))
        inst.checked_by, inst.checked_at = by, now
        return ["checked_by", "checked_at"]
    if to == S.APPROVED:
        if inst.checked_by_id == by.pk:
            raise ValidationError(_("The person who checked an amount cannot also approve it."))
        inst.approved_by, inst.approved_at = by, now
        return ["approved_by", "approved_at"]
    if to == S.NOTICED:
        if inst.state == S.HELD:
            if inst.objections.filter(outcome=ObjectionOutcome.OPEN).exists():
                raise ValidationError(_("An objection is still open."))
            return []
        inst.notice_from = today
        inst.notice_until = today + dt.timedelta(days=inst.policy.notice_days - 1)
        return ["notice_from", "notice_until"]
    if to == S.PAID:
        paid_on, voucher = fields.get("paid_on"), str(fields.get("voucher_no") or "").strip()
        if not isinstance(paid_on, dt.date):
            raise ValidationError(_("Enter the payment date."))
        if not voucher:
            raise ValidationError(_("Enter the voucher number."))
        if inst.notice_until is None or today <= inst.notice_until or paid_on <= inst.notice_until:
            raise ValidationError(
                _("The public notice runs until %(until)s; pay after it ends.") % {"until": inst.notice_until}
            )
        if paid_on > today:
            raise ValidationError(_("The payment date cannot be in the future."))
        inst.paid_on, inst.voucher_no, inst.paid_by = paid_on, voucher[:40], by
        return ["paid_on", "voucher_no", "paid_by"]
    return []


def installment_check(*, installment, by, note=""):
    return installment_move(installment=installment, to=S.CHECKED, by=by, note=note)


def installment_approve(*, installment, by, note=""):
    return installment_move(installment=installment, to=S.APPROVED, by=by, note=note)


def installment_publish(*, installment, by, today=None):
    return installment_move(installment=installment, to=S.NOTICED, by=by, today=today)


def installment_pay(*, installment, by, paid_on, voucher_no, today=None):
    return installment_move(
        installment=installment, to=S.PAID, by=by, paid_on=paid_on, voucher_no=voucher_no, today=today
    )


def installment_withdraw(*, installment, by, reason):
    if not str(reason or "").strip():
        raise ValidationError(_("Give the reason for withdrawing it."))
    return installment_move(installment=installment, to=S.WITHDRAWN, by=by, note=reason)


def objection_file(*, installment, name, contact, text, today=None):
    """Anyone may object while the notice runs; the installment is held until staff resolve it."""
    name, contact, text = (str(v or "").strip() for v in (name, contact, text))
    if not (name and contact and text):
        raise ValidationError(_("Give your name, how to reach you and the objection."))
    today = today or timezone.localdate()
    with transaction.atomic():
        locked = Installment.objects.select_for_update().get(pk=installment.pk)
        if locked.state not in (S.NOTICED, S.HELD):
            raise ValidationError(_("This reward is not under public notice."))
        if locked.notice_until is not None and today > locked.notice_until:
            raise ValidationError(
                _("The public notice ended on %(until)s; objections are no longer taken.")
                % {"until": locked.notice_until.isoformat()},
                code="notice_ended",
            )
        objection = Objection.objects.create(
            installment=locked, name=name[:60], contact=contact[:100], text=text[:2000]
        )
        if locked.state == S.NOTICED:
            installment_move(installment=locked, to=S.HELD, by=None, note=_("Objection filed"))
    return objection


def objection_resolve(*, objection, outcome, resolution, by):
    _require(can.can_check(by), _("You may not resolve objections."))
    if outcome not in (ObjectionOutcome.DISMISSED, ObjectionOutcome.UPHELD):
        raise ValidationError(_("Choose whether the objection is upheld or dismissed."))
    if not str(resolution or "").strip():
        raise ValidationError(_("Say how the objection was resolved."))
    with transaction.atomic():
        locked = Objection.objects.select_for_update().get(pk=objection.pk)
        if locked.outcome != ObjectionOutcome.OPEN:
            raise ValidationError(_("This objection is already resolved."), code="stale")
        locked.outcome, locked.resolution, locked.resolved_by, locked.resolved_at = (
            outcome,
            resolution.strip(),
            by,
            timezone.now(),
        )
        locked.save()
        installment = locked.installment
        if outcome == ObjectionOutcome.UPHELD:
            installment_move(installment=installment, to=S.WITHDRAWN, by=by, note=resolution)
        elif not installment.objections.filter(outcome=ObjectionOutcome.OPEN).exists():
            installment_move(installment=installment, to=S.NOTICED, by=by, note=resolution)
    return locked


def adjustment_create(*, beneficiary, amount, reason, by, today=None):
    """A correction after approval: a new installment with a reason, its own lifecycle and audit."""
    _require(can.can_check(by), _("You may not record adjustments."))
    reason = str(reason or "").strip()
    if not reason:
        raise ValidationError(_("Give the reason for the adjustment."))
    try:
        amount = Decimal(str(amount).strip())
    except (InvalidOperation, ValueError):
        raise ValidationError(_("Adjustment: not a number.")) from None
    if not amount.is_finite() or amount == 0 or abs(amount) >= MAX_MONEY or amount != amount.quantize(CENT):
        raise ValidationError(_("Adjustment: a non-zero amount in yuan with at most two decimals."))
    today = today or timezone.localdate()
    policy = PolicyVersion.objects.in_force_on(today)
    if policy is None:
        raise ValidationError(_("No reward policy is in force today."))
    project = beneficiary.project
    with transaction.atomic():
        rows = Installment.objects.select_for_update().filter(project=project, reward=beneficiary.reward)
        n = sum(1 for slot in rows.values_list("slot", flat=True) if slot.startswith("adj-")) + 1
        granted = rows.granted().aggregate(total=Sum("gross"))["total"] or Decimal("0")
        if granted + amount < 0:
            raise ValidationError(_("The adjustment would make the total granted negative."))
        if beneficiary.reward == Reward.REFERRAL:
            cap = policy.to_calculator().cap_for(project.total_investment)
            if granted + amount > cap:
                raise ValidationError(
                    _("The adjustment would pass the cap of %(cap)s yuan (granted so far %(granted)s).")
                    % {"cap": cap, "granted": granted}
                )
        rate = policy.withholding_rate if beneficiary.kind == BeneficiaryKind.INDIVIDUAL else Decimal("0")
        tax = fen(amount * rate)
        inst = Installment.objects.create(
            project=project,
            reward=beneficiary.reward,
            slot=f"adj-{n}",
            beneficiary=beneficiary,
            policy=policy,
            trigger_date=today,
            computed=amount,
            installment_amount=amount,
            gross=amount,
            tax=tax,
            net=amount - tax,
            reason=reason,
            created_by=by,
            lines=[
                {"rule": "adjustment", "parameter": reason, "value": str(amount), "version": policy.label}
            ],
        )
        audit_record(
            obj=inst,
            action="reward.adjustment",
            actor=by,
            to_state=S.CALCULATED,
            note=reason,
            data={"gross": amount},
            project_id=project.pk,
        )
    return inst


def installments_create_due(*, today=None, chunk=2000):
    """The daily job: every installment that fell due, created once; staff who check hear of it."""
    from .due import create_due

    today = today or timezone.localdate()
    created = create_due(today=today, chunk=chunk)
    if created:
        with transaction.atomic():
            event_emit(
                kind="reward.calculated",
                key=f"reward.calculated:{today:%Y-%m-%d}:{created}:{timezone.now():%H%M%S%f}",
                payload={
                    "title": _("%(n)s reward installments are ready to check") % {"n": created},
                    "url": reverse("incentives:list") + "?state=calculated",
                },
                recipients=_staff_with("incentives.check_rewards"),
            )
    return created


def policy_ensure_default():
    """The default version of domain §4 when none exists (the migration seeds the same rows)."""
    if PolicyVersion.objects.exists():
        return PolicyVersion.objects.order_by("effective_from").first()
    import datetime as dt

    from .calculator import Policy

    defaults = Policy(label="", effective_from=dt.date(2020, 1, 1))
    with transaction.atomic():
        version = PolicyVersion.objects.create(
            name="仙居县招商引资奖励办法（默认）", effective_from=defaults.effective_from
        )
        for tier in defaults.factors:
            version.factors.create(min_ratio=tier.min_ratio, factor=tier.factor)
        for tier in defaults.caps:
            version.cap_tiers.create(from_total=tier.from_total, cap=tier.cap)
        for year, rate in enumerate(defaults.operating_rates, start=1):
            version.operating_rates.create(year=year, rate=rate)
    return version
