"""Every write that changes a project. `project_transition` is the only door to a new state."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import event_emit

from .enums import PIPELINE, TERMINAL_STATES, ProjectState
from .models import Project

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


def may_transition(user, project, to):
    """Who may take a step: leaders record a decision's "no"; promotion staff move the rest."""
    if not user or not user.is_authenticated:
        return False
    if to == S.REJECTED and project.state == S.DECISION:
        return user.has_perm("org.decide")
    if to == S.EXITED:
        return user.has_perm("org.manage_pipeline") or user.has_perm("org.decide")
    return user.has_perm("org.manage_pipeline")


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
    state = fields.pop("state", S.LEAD)
    if state not in (S.LEAD, S.INTAKE):
        raise ValidationError(_("A new project starts as a lead or at intake."), code="state")
    with transaction.atomic():
        project = Project(state=state, created_by=by if by and by.is_authenticated else None, **fields)
        project.full_clean()
        project.save()
        audit_record(obj=project, action="project.created", actor=by, to_state=state)
    return project
