"""The public report: validation, the first-report (首报) decision, and its record."""

import logging

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import event_emit
from projects.company import company_code_key, company_name_key, in_ledger_q
from projects.models import Project

from ..enums import ReferralStatus
from ..models import Referral, ReferralAttachment
from ..validators import attachment_max_count, validate_attachment

log = logging.getLogger(__name__)

SUBMITTED = "referral.submitted"
TRIAGE_RECIPIENTS_KEY = "referrals:triage-recipients"

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
    if first_reports.exists():
        return True
    return Project.objects.filter(in_ledger_q(name_key=name_key, code_key=code_key)).exists()


def _triage_recipients():
    """Ids of the users who triage referrals; cached briefly, as every public report needs them."""
    ids = cache.get(TRIAGE_RECIPIENTS_KEY)
    if ids is None:
        perm = Q(groups__permissions__codename="triage_referrals") | Q(
            user_permissions__codename="triage_referrals"
        )
        users = get_user_model().objects.filter(perm, is_active=True)
        ids = list(users.values_list("pk", flat=True).distinct())
        cache.set(TRIAGE_RECIPIENTS_KEY, ids, 300)
    return ids


def forget_triage_recipients(**kwargs):
    """Signal receiver: drop the cached triage staff now and again once the change is committed."""
    cache.delete(TRIAGE_RECIPIENTS_KEY)
    transaction.on_commit(lambda: cache.delete(TRIAGE_RECIPIENTS_KEY))


def _submission_errors(referral, data, attachments, *, checked=()):
    """Every reason to refuse the report, by field; empty when it may be recorded. `checked`: fields
    the caller has validated against the database already."""
    errors = {}
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
        # Field rules only: the database enforces the constraints, and the tracking code is random.
        referral.full_clean(
            exclude=["status", "is_first", "tracking_code", *checked],
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
    # A chain given as a loaded row was looked up by the caller (the form's or serializer's field):
    # the model's foreign-key check would only ask the database again.
    checked = (
        ["industry"] if fields.get("industry") is not None and not isinstance(fields["industry"], str) else []
    )
    if isinstance(fields.get("industry"), str):  # a chain's code (chains.IndustryChain)
        fields["industry_id"] = fields.pop("industry") or None
    referral = Referral(privacy_consent_at=timezone.now(), **fields)
    referral.company_credit_code = (referral.company_credit_code or "").strip().upper()
    referral.referrer_email = (referral.referrer_email or "").strip()
    referral.company_name_key = company_name_key(referral.company_name)
    referral.company_code_key = company_code_key(referral.company_credit_code)
    errors = _submission_errors(referral, data, attachments, checked=checked)
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
            recipients=_triage_recipients(),
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
