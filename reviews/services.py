"""Every write in pre-review. Signing locks the round row, so the last signature concludes it once."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Case, IntegerField, Q, Value, When
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import event_emit
from org.enums import UnitKind
from org.models import Unit, User
from projects.enums import ProjectState
from projects.models import Project
from projects.services import project_transition
from workdays.services import add_workdays
from xianju_invest.uploads import validate_upload

from . import permissions as can
from .enums import ConclusionKind, Outcome, RoundState
from .models import (
    OpinionAttachment,
    OpinionVersion,
    ReviewMinutes,
    ReviewOpinion,
    ReviewRound,
    ReviewSettings,
    ThresholdPolicy,
)
from .rules import opinion_errors, outcome_for

X_KINDS = (UnitKind.PLATFORM, UnitKind.EXPERT, UnitKind.DEPARTMENT, UnitKind.TOWNSHIP)
THRESHOLD_FIELDS = (
    "min_investment_intensity",
    "min_tax_per_mu",
    "max_energy_per_output",
    "environmental_limits",
)
TERM_FIELDS = (*THRESHOLD_FIELDS, "project_energy_per_output", "responsible_unit", "project_deadline", "note")


def fixed_reviewer_units():
    """The 8 fixed departments, as the administrator keeps them in the admin."""
    return Unit.objects.filter(is_fixed_reviewer=True, is_active=True).order_by("review_order", "code")


def threshold_policy_for(project, on):
    """The most specific default threshold in force on `on` (platform and category beat either alone)."""
    return (
        ThresholdPolicy.objects.filter(effective_from__lte=on)
        .filter(Q(category="") | Q(category=project.category))
        .filter(Q(platform__isnull=True) | Q(platform_id=project.platform_id))
        .annotate(
            specificity=Case(
                When(platform__isnull=False, then=Value(2)), default=Value(0), output_field=IntegerField()
            )
            + Case(When(~Q(category=""), then=Value(1)), default=Value(0), output_field=IntegerField())
        )
        .order_by("-specificity", "-effective_from", "-id")
        .first()
    )


def _reviewers_for(opinions):
    """Users who sign these opinions: the named invitee, else every reviewer of the unit."""
    invitee_ids = {o.invitee_id for o in opinions if o.invitee_id}
    open_units = {o.unit_id for o in opinions if not o.invitee_id}
    return list(
        User.objects.filter(is_active=True)
        .filter(
            Q(pk__in=invitee_ids) | Q(unit_id__in=open_units, groups__permissions__codename="sign_review")
        )
        .distinct()
    )


def _check_not_past(day, field, today=None):
    if day is not None and day < (today or timezone.localdate()):
        raise ValidationError({field: _("The deadline cannot be in the past.")})


def _check_participant(unit, invitee, field="unit"):
    if unit.kind not in X_KINDS and not unit.is_fixed_reviewer:
        raise ValidationError({field: _("%(unit)s cannot review projects.") % {"unit": unit}})
    if invitee is not None and invitee.unit_id != unit.pk:
        raise ValidationError({"invitee": _("The invited person must belong to %(unit)s.") % {"unit": unit}})


def _with_platform(project, extra_units, left_out_reason):
    """The plan's composition: the project's platform joins the "X" unless the convener gives a reason."""
    platform = project.platform
    extra_units = list(extra_units)
    if not left_out_reason:
        return ([platform] if platform is not None else []) + extra_units
    if platform is None:
        raise ValidationError({"platform_left_out_reason": _("The project has no platform to leave out.")})
    if any(unit.pk == platform.pk for unit in extra_units):
        raise ValidationError(
            {"platform_left_out_reason": _("%(unit)s is both chosen and left out.") % {"unit": platform}}
        )
    return extra_units


def review_round_open(
    *,
    project,
    by,
    extra_units=(),
    invitees=None,
    due=None,
    note="",
    terms=None,
    today=None,
    platform_left_out_reason="",
):
    """Open a round for a project in pre-review: the fixed departments, the project's platform and
    `extra_units` (the "X"). The platform stays out only with `platform_left_out_reason`.

    `invitees` maps an extra unit's pk to the one person invited from it (experts, third parties).
    Each opinion is due `ReviewSettings.opinion_workdays` working days from today unless `due` is given.
    """
    if not can.can_convene(by):
        raise PermissionDenied(_("Only promotion staff convene a pre-review."))
    invitees = dict(invitees or {})
    today = today or timezone.localdate()
    _check_not_past(due, "due", today)
    if due is None:
        due = add_workdays(today, ReviewSettings.load().opinion_workdays)
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.state != ProjectState.PRE_REVIEW:
            raise ValidationError(
                {"project": _("Only a project in “8+X pre-review” can get a review round.")}, code="state"
            )
        if ReviewRound.objects.filter(project=locked, state=RoundState.OPEN).exists():
            raise ValidationError({"project": _("This project already has an open round.")}, code="open")
        round_ = ReviewRound(
            project=locked,
            convener=by,
            opened_on=today,
            note=note,
            responsible_unit=locked.responsible_unit or locked.platform,
            project_deadline=locked.deadline if locked.deadline and locked.deadline >= today else None,
            platform_left_out_reason=(platform_left_out_reason or "").strip(),
        )
        extra_units = _with_platform(locked, extra_units, round_.platform_left_out_reason)
        policy = threshold_policy_for(locked, today)
        if policy is not None:
            for field in THRESHOLD_FIELDS:
                setattr(round_, field, getattr(policy, field))
        _apply_terms(round_, terms or {}, today)
        round_.save()
        opinions = []
        fixed = list(fixed_reviewer_units())
        for unit in fixed:
            opinions.append(
                ReviewOpinion(round=round_, unit=unit, is_fixed=True, position=unit.review_order, due=due)
            )
        seen = {u.pk for u in fixed}
        for i, unit in enumerate(extra_units, start=1):
            if unit.pk in seen:
                continue
            seen.add(unit.pk)
            invitee = invitees.get(unit.pk)
            _check_participant(unit, invitee)
            opinions.append(
                ReviewOpinion(round=round_, unit=unit, invitee=invitee, position=100 + i, due=due)
            )
        ReviewOpinion.objects.bulk_create(opinions)
        audit_record(
            obj=round_,
            action="review.round_opened",
            actor=by,
            project_id=locked.pk,
            to_state=RoundState.OPEN,
            note=note,
            data={
                "units": [o.unit_id for o in opinions],
                "due": due,
                "platform_left_out_reason": round_.platform_left_out_reason,
            },
        )
        event_emit(
            kind="review.round_opened",
            key=f"review.round_opened:{round_.pk}",
            payload={"round_id": round_.pk, "project_id": locked.pk, "due": due.isoformat()},
            recipients=_reviewers_for(opinions),
        )
    return round_


def _apply_terms(round_, terms, today=None):
    unknown = set(terms) - set(TERM_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be set here.") for f in sorted(unknown)})
    _check_not_past(terms.get("project_deadline"), "project_deadline", today)
    for field, value in terms.items():
        setattr(round_, field, value)
    for field in (
        "min_investment_intensity",
        "min_tax_per_mu",
        "max_energy_per_output",
        "project_energy_per_output",
    ):
        value = getattr(round_, field)
        if value is not None and value < 0:
            raise ValidationError({field: _("Enter a figure of zero or more.")})


def _lock_open_round(round_id):
    round_ = ReviewRound.objects.select_for_update().select_related("project").get(pk=round_id)
    if round_.state != RoundState.OPEN:
        raise ValidationError(
            _("This round has already concluded; nothing can change now."), code="concluded"
        )
    return round_


def review_round_update_terms(*, round, by, **terms):
    """Set the entry threshold, responsible unit and project deadline while the round is open."""
    if not can.can_convene(by):
        raise PermissionDenied(_("Only promotion staff set the terms of a round."))
    with transaction.atomic():
        locked = _lock_open_round(round.pk)
        before = {f: getattr(locked, f"{f}_id" if f == "responsible_unit" else f) for f in terms}
        _apply_terms(locked, terms)
        locked.save()
        audit_record(
            obj=locked,
            action="review.terms_set",
            actor=by,
            project_id=locked.project_id,
            data={"before": before, "after": {f: getattr(v, "pk", v) for f, v in terms.items()}},
        )
    return locked


def review_participant_add(*, round, unit, by, invitee=None, due=None, required=True):
    """Add one "X" reviewer (platform, expert, third party) to an open round."""
    if not can.can_convene(by):
        raise PermissionDenied(_("Only promotion staff add reviewers."))
    _check_not_past(due, "due")
    _check_participant(unit, invitee)
    with transaction.atomic():
        locked = _lock_open_round(round.pk)
        if locked.opinions.filter(unit=unit).exists():
            raise ValidationError({"unit": _("%(unit)s is already in this round.") % {"unit": unit}})
        if due is None:
            due = add_workdays(timezone.localdate(), ReviewSettings.load().opinion_workdays)
        position = 100 + locked.opinions.count()
        opinion = ReviewOpinion.objects.create(
            round=locked, unit=unit, invitee=invitee, due=due, required=required, position=position
        )
        audit_record(
            obj=opinion,
            action="review.participant_added",
            actor=by,
            project_id=locked.project_id,
            data={"unit": unit.pk, "invitee": getattr(invitee, "pk", None), "due": due},
        )
        event_emit(
            kind="review.round_opened",
            key=f"review.round_opened:{locked.pk}:{unit.pk}",
            payload={"round_id": locked.pk, "project_id": locked.project_id, "due": due.isoformat()},
            recipients=_reviewers_for([opinion]),
        )
    return opinion


def opinion_sign(*, opinion, by, verdict, reason="", conditions="", files=()):
    """Sign (or revise) a unit's opinion; concludes the round when it was the last required one."""
    reason, conditions = (reason or "").strip(), (conditions or "").strip()
    if not can.can_sign(by, opinion):
        raise PermissionDenied(_("You can only sign the opinion of your own department."))
    errors = opinion_errors(verdict, reason, conditions)
    file_errors = []
    for upload in files:
        try:
            validate_upload(upload)
        except ValidationError as exc:
            file_errors.extend(exc.messages)
    if file_errors:
        errors["files"] = file_errors
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        # The round row is the lock every signer of this round queues on.
        round_ = _lock_open_round(opinion.round_id)
        locked = ReviewOpinion.objects.select_related("unit").get(pk=opinion.pk)
        revising = locked.is_signed
        locked.verdict, locked.reason, locked.conditions = verdict, reason, conditions
        locked.signed_by, locked.signed_at = by, timezone.now()
        locked.version += 1
        locked.save()
        version = OpinionVersion.objects.create(
            opinion=locked,
            number=locked.version,
            verdict=verdict,
            reason=reason,
            conditions=conditions,
            signed_by=by,
        )
        for upload in files:
            OpinionAttachment.objects.create(
                version=version, file=upload, name=upload.name[:200], size=upload.size
            )
        audit_record(
            obj=locked,
            action="review.opinion_revised" if revising else "review.opinion_signed",
            actor=by,
            project_id=round_.project_id,
            to_state=verdict,
            note=reason,
            data={"version": locked.version, "unit": locked.unit_id, "conditions": conditions},
        )
        if not round_.opinions.filter(required=True, verdict="").exists():
            _conclude(round_, kind=ConclusionKind.AUTOMATIC, by=None, trigger=by)
    opinion.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def review_round_close(*, round, by, reason):
    """The convener closes the round before every opinion is in, with a reason."""
    if not can.can_convene(by):
        raise PermissionDenied(_("Only promotion staff close a round."))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give a reason for closing the round.")})
    with transaction.atomic():
        locked = _lock_open_round(round.pk)
        if not locked.opinions.filter(required=True).exclude(verdict="").exists():
            raise ValidationError(
                _("No required opinion has been signed yet; a round cannot conclude without one."),
                code="empty",
            )
        _conclude(locked, kind=ConclusionKind.CONVENER, by=by, reason=reason)
    round.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def _conclude(round_, *, kind, by, reason="", trigger=None):
    """Inside the caller's transaction, with the round row locked: outcome, minutes, event, project."""
    opinions = list(round_.opinions.all())
    outcome = outcome_for(o.verdict for o in opinions if o.required and o.verdict)
    now = timezone.now()
    round_.state = RoundState.CONCLUDED
    round_.outcome = outcome
    round_.conclusion_kind = kind
    round_.conclusion_reason = reason
    round_.concluded_at = now
    round_.concluded_by = by
    round_.save()
    ReviewMinutes.objects.create(
        round=round_, number=_("Xianju pre-review [%(year)s] No. %(n)s") % {"year": now.year, "n": round_.pk}
    )
    audit_record(
        obj=round_,
        action="review.round_concluded",
        actor=by,
        project_id=round_.project_id,
        from_state=RoundState.OPEN,
        to_state=outcome,
        note=reason,
        data={
            "kind": kind,
            "trigger": getattr(trigger, "pk", None),
            "signed": sum(1 for o in opinions if o.verdict),
            "total": len(opinions),
        },
    )
    event_emit(
        kind="review.round_concluded",
        key=f"review.round_concluded:{round_.pk}",
        payload={"round_id": round_.pk, "project_id": round_.project_id, "outcome": outcome},
        recipients=[round_.convener, *_reviewers_for(opinions)],
    )
    problem = _move_project(round_, outcome)
    if problem:
        round_.transition_problem = problem
        round_.save(update_fields=["transition_problem"])


def _move_project(round_, outcome):
    """Pass → decision with the responsible unit and deadline; fail → rejected. Returns a problem or ""."""
    project = Project.objects.get(pk=round_.project_id)
    if project.state != ProjectState.PRE_REVIEW:
        return _("The project had already left pre-review (now “%(state)s”).") % {
            "state": project.get_state_display()
        }
    if outcome == Outcome.FAIL:
        to, data = ProjectState.REJECTED, {}
        note = _("“8+X” pre-review failed (round %(n)s).") % {"n": round_.pk}
    else:
        to = ProjectState.DECISION
        data = {"responsible_unit": round_.responsible_unit, "deadline": round_.project_deadline}
        data = {k: v for k, v in data.items() if v is not None}
        note = _("“8+X” pre-review: %(outcome)s (round %(n)s).") % {
            "outcome": Outcome(outcome).label,
            "n": round_.pk,
        }
    try:
        with transaction.atomic():
            project_transition(project=project, to=to, by=round_.convener, note=note, data=data)
    except (ValidationError, PermissionDenied) as exc:
        messages = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        return "; ".join(messages)
    return ""


def pre_review_exit_guard(outcomes):
    """A transition guard: leaving pre-review needs a concluded round with one of `outcomes`."""

    def guard(project, by):
        if not ReviewRound.objects.filter(
            project_id=project.pk, state=RoundState.CONCLUDED, outcome__in=outcomes
        ).exists():
            if Outcome.FAIL in outcomes:
                message = _(
                    "A project is rejected at pre-review only after a concluded “8+X” round failed it."
                )
            else:
                message = _("A project leaves pre-review only after a concluded “8+X” round passed it.")
            raise ValidationError(message, code="review_round")

    return guard
