"""The one door through which a request changes state: the table of allowed steps, who may take
each, an audit row, and the notice after commit."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.services import event_emit

from .. import permissions as can
from ..enums import RequestState as S

CENTRE, LEAD, ENTERPRISE, CADRE, SYSTEM = "centre", "lead", "enterprise", "cadre", "system"
OPEN_WORK = (S.ASSIGNED, S.IN_PROGRESS, S.REOPENED)

# (from, to): who may take the step.
TRANSITIONS = {
    (S.SUBMITTED, S.ASSIGNED): {CENTRE},
    **{(s, S.IN_PROGRESS): {LEAD, CADRE} for s in (S.ASSIGNED,)},
    **{(s, S.WAITING): {LEAD} for s in OPEN_WORK},
    **{(S.WAITING, s): {LEAD, ENTERPRISE, CENTRE} for s in OPEN_WORK},
    **{(s, S.PROPOSED): {LEAD} for s in OPEN_WORK},
    (S.PROPOSED, S.SOLVED): {ENTERPRISE},
    (S.PROPOSED, S.REOPENED): {ENTERPRISE},
    (S.PROPOSED, S.UNCONFIRMED): {SYSTEM},
    # A unit, the cadre or the centre may only ask; the withdrawal is the enterprise's word.
    # (Not while paused: the paused state keeps the state to resume to.)
    **{(s, S.WITHDRAWAL_ASKED): {LEAD, CADRE, CENTRE} for s in (*OPEN_WORK, S.PROPOSED)},
    (S.WITHDRAWAL_ASKED, S.WITHDRAWN): {ENTERPRISE},
    **{(S.WITHDRAWAL_ASKED, s): {ENTERPRISE} for s in (*OPEN_WORK, S.PROPOSED)},
    **{(s, S.WITHDRAWN): {ENTERPRISE} for s in (S.SUBMITTED, *OPEN_WORK, S.WAITING, S.PROPOSED)},
}


def acts_as(user, request):
    """The parts `user` plays on `request` (None is the scheduled job)."""
    if user is None:
        return {SYSTEM}
    parts = set()
    if can.is_centre(user):
        parts.add(CENTRE)
    if can.owns(user, request):
        parts.add(ENTERPRISE)
    if can.is_lead_unit(user, request):
        parts.add(LEAD)
    if can.is_cadre(user, request):
        parts.add(CADRE)
    return parts


def allowed_targets(user, request):
    parts = acts_as(user, request)
    return [to for (frm, to), who in TRANSITIONS.items() if frm == request.state and who & parts]


def check_step(*, request, to, by):
    """Refuse a step the table does not allow, or a person who may not take it."""
    who = TRANSITIONS.get((request.state, to))
    if who is None:
        if to == S.WITHDRAWN:
            raise ValidationError(_("Only the enterprise itself can confirm a withdrawal."))
        raise ValidationError(
            _("A request that is “%(state)s” cannot become “%(to)s”.")
            % {"state": S(request.state).label, "to": S(to).label}
        )
    if not (who & acts_as(by, request)):
        if to == S.WITHDRAWN:
            raise PermissionDenied(_("Only the enterprise itself can confirm a withdrawal."))
        raise PermissionDenied(_("You may not take this step on this request."))


def request_transition(*, request, to, by, note="", data=None, fields=()):
    """Move `request` to `to` (fields already set by the caller are saved with it), audited."""
    check_step(request=request, to=to, by=by)
    before = request.state
    request.state = to
    with transaction.atomic():
        request.save(update_fields=["state", *fields])
        entry = audit_record(
            obj=request,
            action="aftercare.transition",
            actor=by,
            from_state=before,
            to_state=to,
            note=note,
            data=data or {},
            project_id=request.project_id,
        )
        notify(request, f"audit:{entry.pk}", recipients_for(request, to))
    return request


def request_record(*, request, action, by, note="", data=None, fields=()):
    """A step that keeps the state (a pause ended, an objection, an answer): saved and audited."""
    with transaction.atomic():
        if fields:
            request.save(update_fields=list(fields))
        audit_record(
            obj=request,
            action=action,
            actor=by,
            note=note,
            data=data or {},
            project_id=request.project_id,
        )


def recipients_for(request, to):
    """Who hears of a new state: the enterprise for what it must answer, the units otherwise."""
    from .. import selectors

    if to in (S.PROPOSED, S.WITHDRAWAL_ASKED, S.WAITING):
        return selectors.enterprise_user_ids(request)
    if to == S.SUBMITTED:
        return selectors.centre_user_ids()
    return selectors.handler_ids(request)


def notify(request, step, recipients):
    if not recipients:
        return
    with translation.override(settings.LANGUAGE_CODE):
        payload = {
            "title": _("Enterprise request “%(title)s”: %(state)s")
            % {"title": request.title, "state": S(request.state).label},
            "body": _("Project: %(project)s.") % {"project": request.project.name},
            "url": reverse("aftercare:detail", args=[request.pk]),
            "request_id": request.pk,
        }
    event_emit(
        kind="aftercare.request", key=f"aftercare:{request.pk}:{step}", payload=payload, recipients=recipients
    )
