"""The public report: validation, the first-report (首报) decision, and its record."""

import logging

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from chains.selectors import active_chain_codes
from notifications.services import event_emit
from projects.company import company_code_key, company_name_key, in_ledger_q
from projects.models import Project

from ..enums import ReferralStatus
from ..models import Referral, ReferralAttachment
from ..validators import attachment_max_count, validate_attachment

log = logging.getLogger(__name__)

SUBMITTED = "referral.submitted"
TRIAGE_AUDIENCE = "referrals.triage"  # registered in referrals.notices

# Fields a referrer provides; everything else is set by the portal.
SUBMITTED_FIELDS = [
    "referrer_kind",
    "referrer_name",
    "referrer_mobile",
    "referrer_email",
    "referrer_organisation",
    "declared_not_official",
    "declared_not_investor",
    "company_name",
    "company_credit_code",
    "industry",
    "intended_investment",
    "description",
    "company_contact",
]


def company_known(*, name_key, code_key, exclude_referral=None):
    """Is this company already reported first, or already in the ledger? (domain §4, 首报)"""
    first_reports = Referral.objects.first_reports_of(name_key=name_key, code_key=code_key)
    if exclude_referral is not None:
        first_reports = first_reports.exclude(pk=exclude_referral.pk)
    in_ledger = Project.objects.filter(in_ledger_q(name_key=name_key, code_key=code_key))
    # One statement for both questions, each half on its own index. exists() selects a constant
    # from each half, so no values() is needed to line up their columns (it cost a clone and a
    # column resolution per half on every public report).
    return first_reports.union(in_ledger, all=True).exists()


def _submission_errors(referral, data, attachments):
    """Every reason to refuse the report, by field; empty when it may be recorded."""
    errors = {}
    if referral.industry_id is not None and referral.industry_id not in active_chain_codes():
        errors["industry"] = [_("Select a valid choice. That choice is not one of the available choices.")]
    if not data.get("privacy_consent"):
        errors["privacy_consent"] = [_("You must agree to the privacy notice to submit.")]
    for flag in ("declared_not_official", "declared_not_investor"):
        if not data.get(flag):
            errors[flag] = [_("This declaration is required.")]
    if len(attachments) > attachment_max_count():
        errors["attachments"] = [_("At most %(n)d files may be attached.") % {"n": attachment_max_count()}]
    else:
        for upload in attachments:
            try:
                validate_attachment(upload)
            except ValidationError as exc:
                errors.setdefault("attachments", []).extend(exc.messages)
    try:
        # Field rules only: the database enforces the constraints, the tracking code is random, and
        # the chain was checked above against the active chains' codes (kept by chains, no query).
        referral.full_clean(
            exclude=["status", "is_first", "tracking_code", "industry"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if referral.intended_investment is not None and referral.intended_investment < 0:
        errors.setdefault("intended_investment", []).append(_("The amount cannot be negative."))
    if "company_name" not in errors and not referral.company_name_key:
        errors["company_name"] = [_("Enter the company's full name.")]
    return errors


def referral_submit(*, data, attachments=()):
    """Record a public report. Decides 首报 against earlier first reports and the ledger.

    `data` holds SUBMITTED_FIELDS (already type-converted); `privacy_consent` must be true.
    Raises ValidationError (a dict by field) and saves nothing on bad input. Two identical reports
    racing each other: the partial unique constraints let exactly one be first; the other is
    stored as a duplicate.
    """
    attachments = list(attachments or [])
    fields = {k: data.get(k) for k in SUBMITTED_FIELDS if data.get(k) is not None}
    if isinstance(fields.get("industry"), str):  # a chain's code (the API), else a row (the form)
        fields["industry_id"] = fields.pop("industry") or None
    referral = Referral(privacy_consent_at=timezone.now(), **fields)
    referral.company_credit_code = (referral.company_credit_code or "").strip().upper()
    referral.referrer_email = (referral.referrer_email or "").strip()
    referral.company_name_key = company_name_key(referral.company_name)
    referral.company_code_key = company_code_key(referral.company_credit_code)
    errors = _submission_errors(referral, data, attachments)
    if errors:
        raise ValidationError(errors)

    try:
        return _record_submission(referral, attachments, first=None)
    except IntegrityError:
        # Another report of this company committed first in the same instant: its first-report
        # constraint stopped this insert. Anything else is a real error.
        if not referral.is_first or not _first_report_taken(referral):
            raise
    referral.pk = None
    referral._state.adding = True
    return _record_submission(referral, attachments, first=False)


def _first_report_taken(referral):
    return Referral.objects.first_reports_of(
        name_key=referral.company_name_key, code_key=referral.company_code_key
    ).exists()


def _record_submission(referral, attachments, *, first):
    """One transaction: the referral (first unless `first` is False or the company is known),
    its attachments, the audit row and the event to the triage staff."""
    with transaction.atomic():
        if first is None:
            first = not company_known(name_key=referral.company_name_key, code_key=referral.company_code_key)
        referral.is_first = first
        referral.status = ReferralStatus.SUBMITTED if first else ReferralStatus.DUPLICATE
        referral.save(force_insert=True)
        for upload in attachments:
            ReferralAttachment.objects.create(
                referral=referral, file=upload, original_name=str(upload.name)[-255:], size=upload.size
            )
        audit_record(
            obj=referral,
            action=SUBMITTED,
            to_state=referral.status,
            data={"is_first": referral.is_first, "company_name_key": referral.company_name_key},
        )
        event_emit(
            kind=SUBMITTED,
            key=f"{SUBMITTED}:{referral.pk}",
            payload={
                "referral_id": referral.pk,
                "is_first": referral.is_first,
                "company_name": referral.company_name,
            },
            audience=TRIAGE_AUDIENCE,  # the triage staff, as they stand when the event is dispatched
            new_key=True,
        )
    if referral.referrer_email:
        pk = referral.pk
        transaction.on_commit(lambda: _queue_confirmation_email(pk))
    return referral


def _queue_confirmation_email(referral_id):
    from ..tasks import referral_confirmation_email

    try:
        referral_confirmation_email.delay(referral_id)
    except Exception:  # broker down: the referrer still has the confirmation page
        log.warning("broker unavailable; confirmation email for referral %s not queued", referral_id)
