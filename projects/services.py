"""Every write that changes a project. `project_transition` is the only door to a new state."""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import event_emit

from .enums import PIPELINE, TERMINAL_STATES, DecisionOutcome, ProjectState
from .models import DecisionRoute, Project, ProjectDecision, ProjectDocument, TaskForce
from .permissions import can_edit_project, can_record_decision, may_transition

S = ProjectState


def _next_in_pipeline(state):
    i = PIPELINE.index(state)
    return PIPELINE[i + 1] if i + 1 < len(PIPELINE) else None


def allowed_targets(state):
    """States reachable from `state` in one step, in the order pages offer them."""
    if state in TERMINAL_STATES:
        return []
    targets = [_next_in_pipeline(state)]
    if state in (S.PRE_REVIEW, S.DECISION):
        targets.append(S.REJECTED)
    targets.append(S.EXITED)
    return [t for t in targets if t is not None]


# Fields a transition must find filled (given with it or already on the project).
REQUIRED_FIELDS = {
    S.ASSESSMENT: ["responsible_unit", "deadline"],
    S.SIGNED: ["contract_date", "contracted_investment"],
    S.LAND_SUPPLIED: ["land_supplied_date"],
    S.STARTED: ["actual_start_date"],
    S.COMPLETED: ["actual_completion_date"],
    S.IN_PRODUCTION: ["actual_production_date"],
    S.AT_CAPACITY: ["actual_capacity_date"],
}
# Fields a transition may set along with it.
TRANSITION_FIELDS = {
    S.DECISION: ["responsible_unit", "deadline"],
    S.ASSESSMENT: ["responsible_unit", "deadline"],
    S.SIGNED: ["contract_date", "contracted_investment", "service_cadre"],
    S.LAND_SUPPLIED: ["land_supplied_date"],
    S.STARTED: ["actual_start_date"],
    S.COMPLETED: ["actual_completion_date"],
    S.IN_PRODUCTION: ["actual_production_date"],
    S.AT_CAPACITY: ["actual_capacity_date"],
}
NOTE_REQUIRED = {S.EXITED, S.REJECTED}


# Other apps add checks for particular steps, e.g. reviews: pre_review -> decision needs a
# concluded round. A guard raises ValidationError; registered once at app start-up.
_GUARDS = {}


def register_transition_guard(from_state, to_state, guard):
    _GUARDS.setdefault((from_state, to_state), []).append(guard)


def project_transition(*, project, to, by, note="", data=None):
    """Move `project` to state `to` as user `by`, setting `data` fields that go with the step.

    Locks the row; raises PermissionDenied or ValidationError and changes nothing on failure.
    Returns the saved project.
    """
    data = dict(data or {})
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.state != project.state:
            raise ValidationError(
                _("This project was just moved to “%(state)s” by someone else; reload and try again.")
                % {"state": locked.get_state_display()},
                code="stale",
            )
        if to not in allowed_targets(locked.state):
            raise ValidationError(
                _("A project in “%(from)s” cannot move to “%(to)s”.")
                % {"from": locked.get_state_display(), "to": ProjectState(to).label},
                code="order",
            )
        if not may_transition(by, locked, to):
            raise PermissionDenied(_("You are not allowed to take this step."))
        unknown = set(data) - set(TRANSITION_FIELDS.get(to, []))
        if unknown:
            raise ValidationError(
                {f: _("This field cannot be set with this step.") for f in sorted(unknown)}, code="field"
            )
        for field, value in data.items():
            setattr(locked, field, value)
        errors = {}
        for field in REQUIRED_FIELDS.get(to, []):
            if getattr(locked, field) in (None, ""):
                errors[field] = _("Required to move to “%(to)s”.") % {"to": ProjectState(to).label}
        if to in NOTE_REQUIRED and not (note or "").strip():
            errors["note"] = _("Give a reason.")
        if errors:
            raise ValidationError(errors)
        for guard in _GUARDS.get((locked.state, to), []):
            guard(locked, by)
        from_state = locked.state
        locked.state = to
        if to == S.EXITED:
            locked.exit_reason = note.strip()
        locked.full_clean()
        locked.save()
        audit_record(
            obj=locked,
            action="project.transition",
            actor=by,
            from_state=from_state,
            to_state=to,
            note=note,
            data={k: (v.pk if hasattr(v, "pk") else v) for k, v in data.items()},
        )
        event_emit(
            kind="project.transitioned",
            key=f"project.transitioned:{locked.pk}:{from_state}:{to}:{locked.updated_at.isoformat()}",
            payload={"project_id": locked.pk, "from": from_state, "to": to, "by": getattr(by, "pk", None)},
        )
    project.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return locked


def project_create(*, by, **fields):
    """Create a project in `lead` (or `intake`) with a first audit row."""
    if by is not None and not can_edit_project(by):
        raise PermissionDenied(_("You are not allowed to create projects."))
    state = fields.pop("state", S.LEAD)
    if state not in (S.LEAD, S.INTAKE):
        raise ValidationError(_("A new project starts as a lead or at intake."), code="state")
    with transaction.atomic():
        project = Project(state=state, created_by=by if by and by.is_authenticated else None, **fields)
        project.full_clean()
        project.save()
        audit_record(obj=project, action="project.created", actor=by, to_state=state)
    return project


# Fields the create and edit forms handle; the state and its step data go through transitions.
EDITABLE_FIELDS = [
    "name",
    "kind",
    "confidential",
    "code_name",
    "investor_name",
    "investor_credit_code",
    "investor_origin",
    "is_fortune500",
    "platform",
    "industry_chain",
    "industry_code",
    "chain_link",
    "chain_link_set_by_hand",
    "category",
    "source",
    "total_investment",
    "fixed_asset_investment",
    "equipment_investment",
    "contracted_investment",
    "funds_received",
    "land_area",
    "expected_output",
    "expected_tax",
    "planned_signing_date",
    "planned_start_date",
    "planned_completion_date",
    "planned_production_date",
    "planned_capacity_date",
    "responsible_unit",
    "deadline",
    "service_cadre",
]


def _plain(value):
    return value.pk if hasattr(value, "pk") else value


def project_update(*, project, by, data):
    """Change a project's record (not its state); one audit row with what changed."""
    if not can_edit_project(by, project):
        raise PermissionDenied(_("You are not allowed to edit projects."))
    unknown = set(data) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValidationError({f: _("This field cannot be edited here.") for f in sorted(unknown)})
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        changes = {}
        for field, value in data.items():
            before = getattr(locked, field)
            if _plain(before) != _plain(value):
                changes[field] = [_plain(before), _plain(value)]
                setattr(locked, field, value)
        if not changes:
            return locked
        locked.full_clean()
        locked.save()
        audit_record(obj=locked, action="project.updated", actor=by, data={"changes": changes})
    return locked


# --- Decision routing (domain §3) -------------------------------------------------------------


DEFAULT_ROUTE_BANDS = [
    (None, Decimal("30"), ["leading-group"]),
    (Decimal("30"), Decimal("100"), ["leading-group", "executive-meeting"]),
    (Decimal("100"), None, ["leading-group", "executive-meeting", "standing-committee"]),
]


def decision_routes_ensure_default(units):
    """The default routing of domain §3, when no route exists at all (migration 0003 seeds it too)."""
    if DecisionRoute.objects.exists():
        return
    for above, up_to, codes in DEFAULT_ROUTE_BANDS:
        route = DecisionRoute.objects.create(
            area_above=above, area_up_to=up_to, effective_from=dt.date(2020, 1, 1), note="默认决策路径"
        )
        route.bodies.set([units[c] for c in codes])


def decision_route_for(project, on=None):
    """The route in force for the project's land area, or None when no band covers it."""
    on = on or timezone.localdate()
    return DecisionRoute.objects.for_land_area(project.land_area or 0, on=on).first()


def required_bodies(project, on=None):
    route = decision_route_for(project, on=on)
    return list(route.bodies.order_by("id")) if route else []


def decision_record(*, project, body, outcome, by, decided_on=None, note=""):
    """Record one required body's decision (again, if it changes its mind before signing)."""
    if not can_record_decision(by, project):
        raise PermissionDenied(_("Only leaders record decisions."))
    with transaction.atomic():
        locked = Project.objects.select_for_update().get(pk=project.pk)
        if locked.state != S.DECISION:
            raise ValidationError(_("Decisions are recorded while the project is at the decision stage."))
        if body not in required_bodies(locked):
            raise ValidationError(
                {"body": _("%(body)s is not a deciding body for this project's land area.") % {"body": body}}
            )
        if outcome not in DecisionOutcome.values:
            raise ValidationError({"outcome": _("Choose approved or not approved.")})
        decision, _created = ProjectDecision.objects.update_or_create(
            project=locked,
            body=body,
            defaults={
                "outcome": outcome,
                "decided_on": decided_on or timezone.localdate(),
                "note": note,
                "recorded_by": by,
            },
        )
        audit_record(
            obj=decision,
            action="project.decision",
            actor=by,
            note=note,
            project_id=locked.pk,
            data={"body": body.pk, "body_name": str(body), "outcome": outcome},
        )
    return decision


def missing_approvals(project):
    """Required bodies that have not (yet) approved the project."""
    approved = set(
        ProjectDecision.objects.filter(project=project, outcome=DecisionOutcome.APPROVED).values_list(
            "body_id", flat=True
        )
    )
    return [b for b in required_bodies(project) if b.pk not in approved]


def _guard_all_bodies_approved(project, by):
    missing = missing_approvals(project)
    if missing:
        raise ValidationError(
            _("Signing needs the approval of every deciding body; still missing: %(bodies)s.")
            % {"bodies": "、".join(str(b) for b in missing)},
            code="decision",
        )


def _guard_some_body_said_no(project, by):
    if not ProjectDecision.objects.filter(project=project, outcome=DecisionOutcome.REJECTED).exists():
        raise ValidationError(
            _("A project is rejected at decision only after a deciding body said no."), code="decision"
        )


register_transition_guard(S.DECISION, S.SIGNED, _guard_all_bodies_approved)
register_transition_guard(S.DECISION, S.REJECTED, _guard_some_body_said_no)


# --- Task force and documents -------------------------------------------------------------------


def task_force_set(*, project, by, lead=None, members=(), experts=()):
    """Name the project's task force: one lead, members and experts (one team per project)."""
    if not can_edit_project(by, project):
        raise PermissionDenied(_("You are not allowed to edit projects."))
    with transaction.atomic():
        task_force, _created = TaskForce.objects.select_for_update().get_or_create(project=project)
        task_force.lead = lead
        task_force.save()
        task_force.members.set(members)
        task_force.experts.set(experts)
        audit_record(
            obj=task_force,
            action="project.task_force",
            actor=by,
            project_id=project.pk,
            data={
                "lead": getattr(lead, "pk", None),
                "members": [u.pk for u in members],
                "experts": [u.pk for u in experts],
            },
        )
    return task_force


def document_add(*, project, by, doc_type, title, file):
    """Attach a document; type and size are checked against the portal-wide upload limits."""
    if not can_edit_project(by, project):
        raise PermissionDenied(_("You are not allowed to edit projects."))
    with transaction.atomic():
        document = ProjectDocument(
            project=project, doc_type=doc_type, title=title, file=file, size=file.size, uploaded_by=by
        )
        document.full_clean()
        document.save()
        audit_record(
            obj=document,
            action="project.document",
            actor=by,
            project_id=project.pk,
            data={"title": title, "doc_type": doc_type, "size": file.size},
        )
    return document
