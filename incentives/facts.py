"""Writes of the facts a reward rests on: verified figures and retained tax (entered by one member of
staff, verified by another) and the beneficiaries with their agreed shares. Nothing half-saved."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record

from . import permissions as can
from .calculator import CENT, HUNDRED
from .enums import BeneficiaryKind, FactState, InstallmentState
from .models import Beneficiary, Installment, RetainedTax, RewardReview, VerifiedFigures

S = InstallmentState
MAX_MONEY = Decimal("1e13")  # 1万亿 yuan: anything above is a typing error
MAX_LAND = Decimal("1e7")


def clean_amount(value, *, label, allow_zero=True, maximum=MAX_MONEY):
    """A figure typed by staff or read from a sheet, as Decimal yuan; a Chinese message otherwise."""
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationError(_("%(label)s: not a number.") % {"label": label}, code="invalid") from None
    if not number.is_finite():
        raise ValidationError(_("%(label)s: not a number.") % {"label": label}, code="invalid")
    if number < 0 or (number == 0 and not allow_zero):
        raise ValidationError(_("%(label)s: must be greater than zero.") % {"label": label}, code="range")
    if number >= maximum:
        raise ValidationError(
            _("%(label)s: this figure is impossibly large.") % {"label": label}, code="range"
        )
    if number != number.quantize(CENT):
        raise ValidationError(_("%(label)s: at most two decimal places.") % {"label": label}, code="places")
    return number.quantize(CENT)


def _require(allowed, message):
    if not allowed:
        raise PermissionDenied(message)


# --- Facts -----------------------------------------------------------------------------------------


def figures_enter(*, project, fixed_asset_investment, equipment_investment, land_area, document, by):
    """Record the figures verified at completion; they wait for a second person's verification."""
    _require(can.can_enter_facts(by), _("You may not enter reward figures."))
    fai = clean_amount(fixed_asset_investment, label=_("Fixed-asset investment"))
    equipment = clean_amount(equipment_investment, label=_("Equipment investment"))
    land = clean_amount(land_area, label=_("Land area"), allow_zero=False, maximum=MAX_LAND)
    if equipment > fai:
        raise ValidationError(_("Equipment investment cannot exceed the fixed-asset investment."))
    if not document:
        raise ValidationError(_("Attach the document the figures come from."))
    with transaction.atomic():
        figures = VerifiedFigures.objects.select_for_update().filter(project=project).first()
        before = {} if figures is None else _figures_data(figures)
        figures = figures or VerifiedFigures(project=project)
        figures.fixed_asset_investment, figures.equipment_investment, figures.land_area = fai, equipment, land
        figures.document = document
        figures.state, figures.entered_by, figures.verified_by, figures.verified_at = (
            FactState.ENTERED,
            by,
            None,
            None,
        )
        figures.full_clean(exclude=["project"])
        figures.save()
        audit_record(
            obj=figures,
            action="reward.figures_entered",
            actor=by,
            to_state=FactState.ENTERED,
            data={"before": before, "after": _figures_data(figures)},
            project_id=project.pk,
        )
    return figures


def _figures_data(f):
    return {
        "fixed_asset_investment": str(f.fixed_asset_investment),
        "equipment_investment": str(f.equipment_investment),
        "land_area": str(f.land_area),
    }


def _verify(model, obj, by, action, project_id):
    with transaction.atomic():
        locked = model.objects.select_for_update().get(pk=obj.pk)
        if locked.state == FactState.VERIFIED:
            raise ValidationError(_("Already verified."), code="stale")
        if locked.entered_by_id == by.pk:
            raise ValidationError(
                _("A second member of staff must verify what you entered."), code="same_person"
            )
        locked.state, locked.verified_by, locked.verified_at = FactState.VERIFIED, by, timezone.now()
        locked.save(update_fields=["state", "verified_by", "verified_at"])
        audit_record(
            obj=locked,
            action=action,
            actor=by,
            from_state=FactState.ENTERED,
            to_state=FactState.VERIFIED,
            project_id=project_id,
        )
    return locked


def figures_verify(*, figures, by):
    _require(can.can_enter_facts(by), _("You may not verify reward figures."))
    return _verify(VerifiedFigures, figures, by, "reward.figures_verified", figures.project_id)


def tax_enter(*, project, year, amount, by, imported=False):
    """Record a year's county-retained tax (a verified year cannot be overwritten)."""
    _require(can.can_enter_facts(by), _("You may not enter retained tax."))
    amount = clean_amount(amount, label=_("Retained tax"))
    try:
        year = int(str(year).strip())
    except (TypeError, ValueError):
        raise ValidationError(_("Year: not a year."), code="invalid") from None
    if not 2000 <= year <= timezone.localdate().year:
        raise ValidationError(_("Year: %(year)s is out of range.") % {"year": year}, code="range")
    with transaction.atomic():
        tax = RetainedTax.objects.select_for_update().filter(project=project, year=year).first()
        if tax is not None and tax.is_verified:
            raise ValidationError(
                _("The %(year)s tax of this project is already verified.") % {"year": year}, code="verified"
            )
        before = "" if tax is None else str(tax.amount)
        tax = tax or RetainedTax(project=project, year=year, entered_by=by)
        tax.amount, tax.entered_by, tax.imported = amount, by, imported
        tax.save()
        audit_record(
            obj=tax,
            action="reward.tax_entered",
            actor=by,
            to_state=FactState.ENTERED,
            data={"year": year, "before": before, "after": str(amount)},
            project_id=project.pk,
        )
    return tax


def tax_verify(*, tax, by):
    _require(can.can_enter_facts(by), _("You may not verify retained tax."))
    return _verify(RetainedTax, tax, by, "reward.tax_verified", tax.project_id)


# --- Beneficiaries ---------------------------------------------------------------------------------


def beneficiaries_set(*, project, reward, rows, by):
    """Replace the beneficiaries of a project's reward: shares sum to 100, the order is kept.

    `rows`: dicts with name, kind, share, and optionally identifier, bank_name, account, referral.
    Refused once an installment of that reward exists past `calculated`.
    """
    _require(can.can_enter_facts(by), _("You may not record beneficiaries."))
    if not rows:
        raise ValidationError(_("List at least one beneficiary."))
    cleaned = []
    for i, row in enumerate(rows, start=1):
        name = str(row.get("name") or "").strip()
        if not name:
            raise ValidationError(_("Beneficiary %(n)s: the name is required.") % {"n": i})
        if row.get("kind") not in BeneficiaryKind.values:
            raise ValidationError(_("Beneficiary %(n)s: choose individual or organisation.") % {"n": i})
        share = clean_amount(
            row.get("share"), label=_("Share of beneficiary %(n)s") % {"n": i}, allow_zero=False
        )
        if share > HUNDRED:
            raise ValidationError(_("Share of beneficiary %(n)s: at most 100.") % {"n": i})
        cleaned.append({**row, "name": name, "share": share})
    total = sum(r["share"] for r in cleaned)
    if total != HUNDRED:
        raise ValidationError(
            _("The shares add up to %(total)s; they must add up to exactly 100.") % {"total": total},
            code="shares",
        )
    with transaction.atomic():
        existing = Beneficiary.objects.select_for_update().filter(project=project, reward=reward)
        used = Installment.objects.filter(project=project, reward=reward).exclude(state=S.CALCULATED)
        if used.exists():
            raise ValidationError(
                _("Installments of this reward are already checked; the beneficiaries can no longer change."),
                code="locked",
            )
        before = list(existing.values("name", "kind", "share"))
        Installment.objects.filter(project=project, reward=reward, state=S.CALCULATED).delete()
        RewardReview.objects.filter(project=project).delete()  # the daily job looks at it again
        existing.delete()
        made = []
        for position, row in enumerate(cleaned, start=1):
            b = Beneficiary(
                project=project,
                reward=reward,
                position=position,
                name=row["name"],
                kind=row["kind"],
                share=row["share"],
                referral=row.get("referral"),
                bank_name=row.get("bank_name", ""),
            )
            b.identifier, b.account = row.get("identifier", ""), row.get("account", "")
            b.save()
            made.append(b)
        audit_record(
            obj=project,
            action="reward.beneficiaries_set",
            actor=by,
            data={
                "reward": reward,
                "before": before,
                "after": [{"name": b.name, "kind": b.kind, "share": b.share} for b in made],
            },
        )
    return made
