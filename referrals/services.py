"""Every write on a referral: submission (首报 decided here) and the triage steps."""

import contextlib
import functools
import json
import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg2.extras import Json

from audit.models import AuditEntry
from audit.services import audit_record
from notifications.models import Event
from notifications.services import event_dispatch_after_commit, event_emit
from projects.company import company_code_key, company_name_key
from projects.enums import ProjectState, Source
from projects.models import Project
from projects.services import project_create
from xianju_invest.db import execute_prepared

from . import permissions as can
from .enums import IN_LEDGER_STATUSES, OPEN_STATUSES, ConfirmingParty, ReferralStatus
from .models import Referral, ReferralAttachment
from .validators import attachment_max_count, validate_attachment

log = logging.getLogger(__name__)

TRIAGE_RECIPIENTS_KEY = "referrals:triage-recipients"
FIRST_REPORT_CONSTRAINTS = {"referral_first_by_name", "referral_first_by_code"}

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
    """Is this company already reported first, or already in the ledger?

    One statement over the indexed keys. Written in SQL because it runs on every public report and
    the ORM spends more time compiling an EXISTS-or-EXISTS than PostgreSQL spends answering it.
    """
    params = {"name": name_key, "code": code_key or "", "exclude": getattr(exclude_referral, "pk", None) or 0}
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {_known_sql()}", params)
        return bool(cursor.fetchone()[0])


@functools.cache
def _known_sql():
    # One EXISTS per key, each matching an index (the code's partial index needs its "<> ''"
    # spelled out): the prepared statement's generic plan cannot fold an OR over parameters.
    referral, project = Referral._meta.db_table, Project._meta.db_table
    return f"""
        EXISTS (
            SELECT 1 FROM {referral} WHERE is_first AND id <> %(exclude)s AND company_name_key = %(name)s
        ) OR EXISTS (
            SELECT 1 FROM {referral}
            WHERE is_first AND id <> %(exclude)s AND company_code_key = %(code)s AND company_code_key <> ''
        ) OR EXISTS (
            SELECT 1 FROM {project} WHERE investor_key = %(name)s
        ) OR EXISTS (
            SELECT 1 FROM {project} WHERE investor_credit_code = %(code)s AND investor_credit_code <> ''
        )
    """


def _violated_constraint(exc):
    diag = getattr(getattr(exc, "__cause__", None), "diag", None)
    return getattr(diag, "constraint_name", None) or ""


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


def referral_submit(*, data, attachments=()):
    """Record a public report. Decides 首报 against earlier first reports and the ledger.

    `data` holds SUBMITTED_FIELDS (already type-converted); `privacy_consent` must be true.
    Raises ValidationError (a dict by field) and saves nothing on bad input. Two identical reports
    racing each other: the partial unique constraints let exactly one be first; the other is
    stored as a duplicate.
    """
    errors = {}
    if not data.get("privacy_consent"):
        errors["privacy_consent"] = [_("You must agree to the privacy notice to submit.")]
    for flag in ("declared_not_official", "declared_not_investor"):
        if not data.get(flag):
            errors[flag] = [_("This declaration is required.")]
    attachments = list(attachments or [])
    if len(attachments) > attachment_max_count():
        errors["attachments"] = [_("At most %(n)d files may be attached.") % {"n": attachment_max_count()}]
    else:
        for upload in attachments:
            try:
                validate_attachment(upload)
            except ValidationError as exc:
                errors.setdefault("attachments", []).extend(exc.messages)

    fields = {k: data.get(k) for k in SUBMITTED_FIELDS if data.get(k) is not None}
    referral = Referral(privacy_consent_at=timezone.now(), **fields)
    referral.company_credit_code = (referral.company_credit_code or "").strip().upper()
    referral.referrer_email = (referral.referrer_email or "").strip()
    referral.company_name_key = company_name_key(referral.company_name)
    referral.company_code_key = company_code_key(referral.company_credit_code)
    try:
        # Field rules only: the database enforces the constraints, and the tracking code is random.
        referral.full_clean(
            exclude=["status", "is_first", "tracking_code"], validate_unique=False, validate_constraints=False
        )
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, []).extend(messages)
    if referral.intended_investment is not None and referral.intended_investment < 0:
        errors.setdefault("intended_investment", []).append(_("The amount cannot be negative."))
    if "company_name" not in errors and not referral.company_name_key:
        errors["company_name"] = [_("Enter the company's full name.")]
    if errors:
        raise ValidationError(errors)

    try:
        return _record_submission(referral, attachments, first=None)
    except IntegrityError as exc:
        if _violated_constraint(exc) not in FIRST_REPORT_CONSTRAINTS:
            raise
    # Someone reported the same company in the same instant and committed first: the referral
    # row was the transaction's first write, so recording it again as a duplicate is all there is.
    referral.pk = None
    referral._state.adding = True
    return _record_submission(referral, attachments, first=False)


def _record_submission(referral, attachments, *, first):
    """One transaction: the referral (first unless `first` is False or the company is known),
    its attachments, the audit row and the event."""
    if first is None and not attachments and connection.vendor == "postgresql":
        # Its own transaction; inside a caller's, a savepoint keeps the race retry below possible.
        with transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext():
            _record_in_one_statement(referral)
    else:
        with transaction.atomic():
            _insert_referral(referral, first=first)
            for upload in attachments:
                ReferralAttachment.objects.create(
                    referral=referral, file=upload, original_name=str(upload.name)[-255:], size=upload.size
                )
            audit_record(
                obj=referral,
                action=SUBMITTED,
                to_state=referral.status,
                data={"is_first": referral.is_first, **_audit_data(referral)},
            )
            event_emit(
                kind=SUBMITTED,
                key=f"{SUBMITTED}:{referral.pk}",
                payload={
                    "referral_id": referral.pk,
                    "is_first": referral.is_first,
                    **_event_payload(referral),
                },
                recipients=_triage_recipients(),
            )
    if referral.referrer_email:
        pk = referral.pk
        transaction.on_commit(lambda: _queue_confirmation_email(pk))
    return referral


SUBMITTED = "referral.submitted"


def _audit_data(referral):
    """The submission's audit data, but for is_first (known once inserted)."""
    return {"company_name_key": referral.company_name_key}


def _event_payload(referral):
    """The submission event's payload, but for referral_id and is_first (known once inserted)."""
    return {"company_name": referral.company_name}


def _insert_referral(referral, *, first):
    """Insert the new referral, first unless `first` is False or the company is already known."""
    if first is None:
        first = not company_known(name_key=referral.company_name_key, code_key=referral.company_code_key)
    referral.is_first = first
    referral.status = ReferralStatus.SUBMITTED if first else ReferralStatus.DUPLICATE
    referral.save()


def _record_in_one_statement(referral):
    """The common public report (no attachments, PostgreSQL) written by one statement, which is
    its own transaction: the first-report decision (as `company_known`), the referral, its audit
    row and its outbox event with its recipients — the rows `audit_record` and `event_emit` write
    on the other path. A same-instant twin still trips the partial unique constraints.

    Six round trips to the database (BEGIN, look-up, three inserts, COMMIT) become one: on the
    busiest public endpoint, under load, each one also costs a pass through the scheduler. The
    statement is prepared once per database session, as planning it cost as much as running it.
    """
    fields = _insert_fields()
    params = {
        "name": referral.company_name_key,
        "code": referral.company_code_key or "",
        "exclude": 0,
        "now": timezone.now(),
        "content_type": ContentType.objects.get_for_model(Referral).pk,
        "audit_data": Json(_audit_data(referral), dumps=_json_dumps),
        "payload": Json(_event_payload(referral), dumps=_json_dumps),
        "users": sorted(set(_triage_recipients())),
    }
    for i, field in enumerate(fields):
        params[f"v{i}"] = field.get_db_prep_save(field.pre_save(referral, True), connection)
    with connection.cursor() as cursor:
        execute_prepared(cursor, "referral_submit", _one_statement_sql(), _one_statement_types(), params)
        referral.pk, first, event_id = cursor.fetchone()
    referral._state.adding = False
    referral._state.db = connection.alias
    referral.is_first = first
    referral.status = ReferralStatus.SUBMITTED if first else ReferralStatus.DUPLICATE
    if event_id is not None:
        event_dispatch_after_commit(event_id)


def _json_dumps(value):
    return json.dumps(value, cls=DjangoJSONEncoder)


@functools.cache
def _insert_fields():
    decided = ("is_first", "status")
    return [f for f in Referral._meta.concrete_fields if not f.primary_key and f.name not in decided]


@functools.cache
def _one_statement_types():
    types = {
        "name": "text",
        "code": "text",
        "exclude": "bigint",
        "now": "timestamptz",
        "content_type": "integer",
        "audit_data": "jsonb",
        "payload": "jsonb",
        "users": "bigint[]",
    }
    types.update({f"v{i}": field.db_type(connection) for i, field in enumerate(_insert_fields())})
    return types


@functools.cache
def _one_statement_sql():
    fields = _insert_fields()
    columns = ", ".join(f'"{f.column}"' for f in fields)
    values = ", ".join(f"%(v{i})s" for i in range(len(fields)))
    through = Event.recipients.through._meta
    event_column, user_column = through.get_field("event").column, through.get_field("user").column
    return f"""
        WITH known AS (
            SELECT {_known_sql()} AS known
        ), referral AS (
            INSERT INTO "{Referral._meta.db_table}" ({columns}, "is_first", "status")
            SELECT {values}, NOT known.known,
                   CASE WHEN known.known THEN '{ReferralStatus.DUPLICATE.value}'
                        ELSE '{ReferralStatus.SUBMITTED.value}' END
            FROM known
            RETURNING "id", "is_first", "status"
        ), audit AS (
            INSERT INTO "{AuditEntry._meta.db_table}" ("at", "actor_id", "action", "content_type_id",
                "object_id", "project_id", "from_state", "to_state", "note", "data")
            SELECT %(now)s, NULL, '{SUBMITTED}', %(content_type)s, referral.id, NULL, '', referral.status, '',
                   %(audit_data)s::jsonb || jsonb_build_object('is_first', referral.is_first)
            FROM referral
        ), event AS (
            INSERT INTO "{Event._meta.db_table}" ("kind", "key", "payload", "created_at")
            SELECT '{SUBMITTED}', '{SUBMITTED}:' || referral.id,
                   %(payload)s::jsonb
                   || jsonb_build_object('referral_id', referral.id, 'is_first', referral.is_first),
                   %(now)s
            FROM referral
            ON CONFLICT ("key") DO NOTHING
            RETURNING "id"
        ), recipient AS (
            INSERT INTO "{through.db_table}" ("{event_column}", "{user_column}")
            SELECT event.id, account.id
            FROM event JOIN "{get_user_model()._meta.db_table}" account
                 ON account.id = ANY(%(users)s::bigint[])
        )
        SELECT referral.id, referral.is_first, (SELECT id FROM event) FROM referral
    """


def _queue_confirmation_email(referral_id):
    from .tasks import referral_confirmation_email

    try:
        referral_confirmation_email.delay(referral_id)
    except Exception:  # broker down: the referrer still has the confirmation page
        log.warning("broker unavailable; confirmation email for referral %s not queued", referral_id)


def _lock_for_triage(referral, by, allowed_statuses):
    if not can.can_triage(by):
        raise PermissionDenied(_("You are not allowed to triage referrals."))
    locked = Referral.objects.select_for_update().get(pk=referral.pk)
    if locked.status not in allowed_statuses:
        raise ValidationError(
            _("This referral is already “%(status)s”; reload the page.")
            % {"status": locked.get_status_display()},
            code="stale",
        )
    return locked


def _host_members(referral):
    """The host unit's staff hear of a referral taken into the ledger: they confirm the referrer."""
    if referral.host_unit_id is None or not referral.is_first:
        return []
    return list(get_user_model().objects.filter(unit_id=referral.host_unit_id, is_active=True))


def _finish(referral, locked, *, by, action, from_status, note="", data=None, recipients=()):
    audit_record(
        obj=locked,
        action=action,
        actor=by,
        from_state=from_status,
        to_state=locked.status,
        note=note,
        data=data or {},
        project_id=locked.project_id,
    )
    event_emit(
        kind=action,
        key=f"{action}:{locked.pk}",
        payload={"referral_id": locked.pk, "project_id": locked.project_id, **(data or {})},
        recipients=recipients,
    )
    referral.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def referral_accept(
    *, referral, by, state=ProjectState.LEAD, project_name="", platform=None, responsible_unit=None, note=""
):
    """Take a first report into the ledger: a new project in `lead` or `intake`, linked both ways."""
    with transaction.atomic():
        locked = _lock_for_triage(referral, by, {ReferralStatus.SUBMITTED})
        if not locked.is_first:
            raise ValidationError(_("Only a first report can be accepted; merge a duplicate instead."))
        if company_known(
            name_key=locked.company_name_key, code_key=locked.company_code_key, exclude_referral=locked
        ):
            raise ValidationError(
                _("This company is already in the ledger; merge the referral into its project instead."),
                code="in_ledger",
            )
        project = project_create(
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
        from_status = locked.status
        locked.status = ReferralStatus.ACCEPTED
        locked.project = project
        locked.host_unit = responsible_unit or platform
        locked.triaged_by = by
        locked.triaged_at = timezone.now()
        locked.save()
        return _finish(
            referral,
            locked,
            by=by,
            action="referral.accepted",
            from_status=from_status,
            note=note,
            data={"project_id": project.pk, "state": str(state)},
            recipients=_host_members(locked),
        )


def referral_merge(*, referral, by, project, note=""):
    """Link a report to a project already in the ledger."""
    with transaction.atomic():
        locked = _lock_for_triage(referral, by, OPEN_STATUSES)
        from_status = locked.status
        locked.status = ReferralStatus.MERGED
        locked.project = project
        locked.host_unit_id = project.responsible_unit_id or project.platform_id
        locked.triaged_by = by
        locked.triaged_at = timezone.now()
        locked.save()
        return _finish(
            referral,
            locked,
            by=by,
            action="referral.merged",
            from_status=from_status,
            note=note,
            recipients=_host_members(locked),
        )


def referral_reject(*, referral, by, reason):
    """Turn a report down with a reason the referrer reads on the status page.

    A rejected first report stops being first, so a later valid report of that company can win.
    """
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Give the reason the referrer will see.")]})
    with transaction.atomic():
        locked = _lock_for_triage(referral, by, OPEN_STATUSES)
        from_status = locked.status
        locked.status = ReferralStatus.REJECTED
        locked.is_first = False
        locked.public_reason = reason
        locked.triaged_by = by
        locked.triaged_at = timezone.now()
        try:
            locked.full_clean(exclude=["tracking_code", "project", "host_unit"])
        except ValidationError as exc:
            raise ValidationError({"reason": exc.message_dict.get("public_reason", exc.messages)}) from None
        locked.save()
        return _finish(
            referral, locked, by=by, action="referral.rejected", from_status=from_status, note=reason
        )


def referral_confirm(*, referral, by, party):
    """Record one of the two confirmations of the referrer (domain §4): centre, then host unit."""
    party = ConfirmingParty(party)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if party == ConfirmingParty.CENTRE and not can.can_confirm_for_centre(by):
            raise PermissionDenied(_("Only promotion-centre staff confirm for the centre."))
        if party == ConfirmingParty.HOST and not can.can_confirm_for_host(by, locked):
            raise PermissionDenied(_("Only staff of the host unit confirm for it."))
        if locked.status not in IN_LEDGER_STATUSES or not locked.is_first:
            raise ValidationError(_("Only a first report taken into the ledger can be confirmed."))
        at_field = f"{party.value}_confirmed_at"
        if getattr(locked, at_field):
            raise ValidationError(_("This confirmation has already been recorded."), code="stale")
        setattr(locked, at_field, timezone.now())
        setattr(locked, f"{party.value}_confirmed_by", by)
        locked.save()
        audit_record(
            obj=locked,
            action="referral.confirmed",
            actor=by,
            note=party.label,
            data={"party": party.value, "fully_confirmed": locked.is_confirmed},
            project_id=locked.project_id,
        )
        event_emit(
            kind="referral.confirmed",
            key=f"referral.confirmed:{locked.pk}:{party.value}",
            payload={
                "referral_id": locked.pk,
                "project_id": locked.project_id,
                "party": party.value,
                "fully_confirmed": locked.is_confirmed,
            },
        )
    referral.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked
