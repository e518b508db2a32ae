"""Every write on an enterprise request: one transaction with a row lock, checks first, then the
transition door (services.transitions) or an audited record of a step that keeps the state."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from org.enums import UnitKind
from projects.enums import PIPELINE, SIGNED_STATES, ProjectState
from workdays.services import add_workdays
from xianju_invest import uploads

from .. import permissions as can
from ..enums import (
    AssignmentRole,
    Channel,
    Complexity,
    ObjectionState,
    Rating,
    RequestCategory,
    RequestState,
    Urgency,
)
from ..models import RequestAssignment, RequestAttachment, ServiceRequest
from ..models.request import MILESTONES
from . import clocks
from .transitions import notify, request_record, request_transition

S = RequestState
ROUTABLE_UNIT_KINDS = {UnitKind.DEPARTMENT, UnitKind.PLATFORM, UnitKind.TOWNSHIP, UnitKind.PROMOTION_CENTRE}


def _today(on):
    return on or timezone.localdate()


def _text(value, field, message):
    value = (value or "").strip()
    if not value:
        raise ValidationError({field: message})
    return value


def _locked(request):
    return (
        ServiceRequest.objects.select_for_update(of=("self",))
        .select_related("project", "project__cadre_deputy")
        .get(pk=request.pk)
    )


def _attach(request, files, by, *, evidence=False):
    for upload in files or ():
        try:
            uploads.validate_upload(upload)
        except ValidationError as exc:
            raise ValidationError({"files": exc.messages}) from None
        RequestAttachment.objects.create(request=request, file=upload, is_evidence=evidence, uploaded_by=by)


def request_file(
    *,
    project,
    by,
    title,
    category,
    description,
    urgency=Urgency.NORMAL,
    blocks_milestone="",
    channel=Channel.ONLINE,
    files=(),
    on=None,
):
    """An enterprise files a request for its project, or a cadre enters one on its behalf."""
    on = _today(on)
    if not can.can_file_for(by, project):
        raise PermissionDenied(_("You may file requests only for your own company's projects."))
    errors = {}
    if project.state not in SIGNED_STATES or project.state == ProjectState.EXITED:
        errors["project"] = _("Requests are filed for projects that have been signed.")
    if category not in RequestCategory.values:
        errors["category"] = _("Choose a category.")
    if urgency not in Urgency.values:
        errors["urgency"] = _("Choose the urgency.")
    if blocks_milestone and blocks_milestone not in dict(MILESTONES):
        errors["blocks_milestone"] = _("Choose a milestone after signing, or none.")
    elif blocks_milestone and project.state in PIPELINE:
        if PIPELINE.index(blocks_milestone) <= PIPELINE.index(project.state):
            errors["blocks_milestone"] = _(
                "The project has already reached this milestone; choose one still ahead of it, or none."
            )
    if can.is_enterprise(by):
        channel = Channel.ONLINE
    elif channel not in Channel.values or channel == Channel.ONLINE:
        errors["channel"] = _("Say how the enterprise raised it: phone, visit, roundtable or 12345.")
    if not (title or "").strip():
        errors["title"] = _("Give the request a short title.")
    if not (description or "").strip():
        errors["description"] = _("Describe what the enterprise needs.")
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        request = ServiceRequest.objects.create(
            project=project,
            company_key=project.investor_key,
            title=title.strip(),
            category=category,
            description=description.strip(),
            urgency=urgency,
            blocks_milestone=blocks_milestone or "",
            channel=channel,
            filed_by=by,
            filed_on=on,
        )
        _attach(request, files, by)
        audit_record(
            obj=request,
            action="aftercare.filed",
            actor=by,
            to_state=S.SUBMITTED,
            data={"channel": channel},
            project_id=project.pk,
        )
        from ..selectors import centre_user_ids

        notify(request, "filed", centre_user_ids())
    return request


def _check_unit(unit, field):
    if unit is None or not unit.is_active or unit.kind not in ROUTABLE_UNIT_KINDS:
        raise ValidationError({field: _("Choose a county department, platform or township.")})


def _assign(request, unit, role, *, on, policy):
    return RequestAssignment.objects.create(
        request=request,
        unit=unit,
        role=role,
        assigned_on=on,
        objection_due=add_workdays(on, policy.objection_workdays),
        answer_due=add_workdays(on, policy.assist_workdays) if role == AssignmentRole.ASSIST else None,
    )


def request_route(
    *, request, by, lead_unit, assisting_units=(), complexity=Complexity.GENERAL, committed_date=None, on=None
):
    """The centre routes a request to a lead unit and optional assisting units; the clocks start."""
    on = _today(on)
    if not can.is_centre(by):
        raise PermissionDenied(_("Only the promotion centre routes requests."))
    _check_unit(lead_unit, "lead_unit")
    assisting = list(dict.fromkeys(assisting_units or ()))
    for unit in assisting:
        _check_unit(unit, "assisting_units")
    if lead_unit in assisting:
        raise ValidationError({"assisting_units": _("The lead unit cannot also assist.")})
    if complexity not in Complexity.values:
        raise ValidationError({"complexity": _("Choose general or complex.")})
    with transaction.atomic():
        request = _locked(request)
        policy = clocks.policy_on(on)
        dues = clocks.route_dues(policy=policy, on=on, complexity=complexity, committed_date=committed_date)
        for field, value in dues.items():
            setattr(request, field, value)
        request.policy, request.complexity, request.assigned_on, request.lead_unit = (
            policy,
            complexity,
            on,
            lead_unit,
        )
        request_transition(
            request=request,
            to=S.ASSIGNED,
            by=by,
            data={"lead_unit": lead_unit.pk, "assisting": [u.pk for u in assisting], **dues},
            fields=["policy", "complexity", "assigned_on", "lead_unit", *dues],
        )
        _assign(request, lead_unit, AssignmentRole.LEAD, on=on, policy=policy)
        for unit in assisting:
            _assign(request, unit, AssignmentRole.ASSIST, on=on, policy=policy)
    return request


def _own_assignment(request, by):
    if by.unit_id is None or not by.has_perm("aftercare.handle_request"):
        raise PermissionDenied(_("Only a unit assigned to this request may do this."))
    found = request.assignments.filter(unit_id=by.unit_id, active=True).first()
    if found is None:
        raise PermissionDenied(_("Only a unit assigned to this request may do this."))
    return found


def objection_raise(*, request, by, reason, on=None):
    """A unit objects to its assignment within the policy's working days; the centre settles it."""
    on = _today(on)
    reason = _text(reason, "reason", _("Say why the request is not for your unit."))
    with transaction.atomic():
        request = _locked(request)
        assignment = _own_assignment(request, by)
        if assignment.objection_state:
            raise ValidationError(_("Your unit has already objected to this assignment."))
        if on > assignment.objection_due:
            raise ValidationError(
                _("The time to object has passed (it ended on %(due)s).") % {"due": assignment.objection_due}
            )
        assignment.objection_state, assignment.objection_reason = ObjectionState.RAISED, reason
        assignment.save(update_fields=["objection_state", "objection_reason"])
        request_record(
            request=request,
            action="aftercare.objection",
            by=by,
            note=reason,
            data={"unit": assignment.unit_id, "role": assignment.role},
        )
        from ..selectors import centre_user_ids

        notify(request, f"objection:{assignment.pk}", centre_user_ids())
    return assignment


def objection_settle(*, assignment, by, upheld, new_unit=None, note="", on=None):
    """The centre upholds an objection (the unit leaves; a new lead unit takes over) or dismisses it."""
    on = _today(on)
    if not can.is_centre(by):
        raise PermissionDenied(_("Only the promotion centre settles objections."))
    if assignment.objection_state != ObjectionState.RAISED or not assignment.active:
        raise ValidationError(_("There is no open objection to settle."))
    if upheld and assignment.role == AssignmentRole.LEAD:
        _check_unit(new_unit, "new_unit")
        if new_unit.pk == assignment.unit_id:
            raise ValidationError({"new_unit": _("Choose another unit than the one that objected.")})
    with transaction.atomic():
        request = _locked(assignment.request)
        assignment.objection_state = ObjectionState.UPHELD if upheld else ObjectionState.DISMISSED
        assignment.active = assignment.active and not upheld
        assignment.save(update_fields=["objection_state", "active"])
        fields = []
        if upheld and new_unit is not None:
            request.assignments.filter(unit=new_unit, active=True).update(active=False)
            _assign(request, new_unit, assignment.role, on=on, policy=request.policy or clocks.policy_on(on))
            if assignment.role == AssignmentRole.LEAD:
                request.lead_unit = new_unit
                fields.append("lead_unit")
        request_record(
            request=request,
            action="aftercare.objection_settled",
            by=by,
            note=note,
            fields=fields,
            data={
                "unit": assignment.unit_id,
                "upheld": bool(upheld),
                "new_unit": getattr(new_unit, "pk", None),
            },
        )
    return assignment


def _lead_only(request, by):
    if not can.is_lead_unit(by, request):
        raise PermissionDenied(_("Only the lead unit may do this."))


def request_contact(*, request, by, note, on=None):
    """The lead unit or the cadre has contacted the enterprise (or called it back after a reopen)."""
    on = _today(on)
    note = _text(note, "note", _("Say how the enterprise was contacted and what was agreed."))
    with transaction.atomic():
        request = _locked(request)
        if not (can.is_lead_unit(by, request) or can.is_cadre(by, request)):
            raise PermissionDenied(_("Only the lead unit or the service cadre may record the contact."))
        if request.state == S.REOPENED and request.called_back_on is None:
            request.called_back_on = on
            request_record(
                request=request, action="aftercare.called_back", by=by, note=note, fields=["called_back_on"]
            )
            return request
        if request.state != S.ASSIGNED:
            raise ValidationError(_("The enterprise has already been contacted."))
        request.contacted_on = on
        request_transition(request=request, to=S.IN_PROGRESS, by=by, note=note, fields=["contacted_on"])
    return request


def stage_reply(*, request, by, note, on=None):
    """The lead unit's stage reply (阶段性答复) to the enterprise."""
    on = _today(on)
    note = _text(note, "note", _("Write the stage reply."))
    with transaction.atomic():
        request = _locked(request)
        _lead_only(request, by)
        if request.state not in (S.ASSIGNED, S.IN_PROGRESS, S.REOPENED):
            raise ValidationError(_("A stage reply is given while the request is being handled."))
        if request.replied_on is not None:
            raise ValidationError(_("The stage reply has already been given."))
        request.replied_on = on
        fields = ["replied_on"]
        if request.contacted_on is None:
            request.contacted_on = on
            fields.append("contacted_on")
        if request.state == S.ASSIGNED:
            request_transition(request=request, to=S.IN_PROGRESS, by=by, note=note, fields=fields)
        else:
            request_record(request=request, action="aftercare.stage_reply", by=by, note=note, fields=fields)
    return request


def assist_answer(*, request, by, answer, on=None):
    """An assisting unit answers the lead unit."""
    on = _today(on)
    answer = _text(answer, "answer", _("Write your unit's answer to the lead unit."))
    with transaction.atomic():
        request = _locked(request)
        assignment = _own_assignment(request, by)
        if assignment.role != AssignmentRole.ASSIST:
            raise ValidationError(_("Only an assisting unit answers the lead unit."))
        if request.is_closed:
            raise ValidationError(_("The request is closed."))
        assignment.answer, assignment.answered_on = answer, on
        assignment.save(update_fields=["answer", "answered_on"])
        request_record(
            request=request,
            action="aftercare.assist_answer",
            by=by,
            note=answer,
            data={"unit": assignment.unit_id},
        )
    return assignment


def resolution_propose(*, request, by, resolution, files=(), on=None):
    """The lead unit proposes a resolution with evidence; the enterprise confirms it."""
    on = _today(on)
    resolution = _text(resolution, "resolution", _("Describe how the request was resolved."))
    with transaction.atomic():
        request = _locked(request)
        _lead_only(request, by)
        if request.state == S.REOPENED and request.called_back_on is None:
            raise ValidationError(_("Call the enterprise back before proposing a new resolution."))
        request.resolution, request.proposed_on = resolution, on
        fields = ["resolution", "proposed_on"]
        for field in ("contacted_on", "replied_on"):
            if getattr(request, field) is None:
                setattr(request, field, on)
                fields.append(field)
        request_transition(request=request, to=S.PROPOSED, by=by, note=resolution, fields=fields)
        _attach(request, files, by, evidence=True)
    return request


def request_confirm(*, request, by, rating, comment="", on=None):
    """The enterprise rates the resolution: from "basically satisfied" up it is solved; below, it
    reopens with a fix on the reopen clock and a call-back."""
    on = _today(on)
    try:
        rating = Rating(int(rating))
    except (TypeError, ValueError):
        raise ValidationError({"rating": _("Choose one of the five levels.")}) from None
    with transaction.atomic():
        request = _locked(request)
        request.rating, request.rating_comment = rating, (comment or "").strip()
        fields = ["rating", "rating_comment"]
        if rating >= Rating.BASICALLY_SATISFIED:
            request.closed_on = on
            return request_transition(
                request=request,
                to=S.SOLVED,
                by=by,
                note=request.rating_comment,
                data={"rating": int(rating)},
                fields=[*fields, "closed_on"],
            )
        policy = request.policy or clocks.policy_on(on)
        request.reopen_count += 1
        request.close_due = add_workdays(on, policy.reopen_workdays)
        request.callback_due = add_workdays(on, policy.contact_workdays)
        request.proposed_on = request.called_back_on = None
        return request_transition(
            request=request,
            to=S.REOPENED,
            by=by,
            note=request.rating_comment,
            data={
                "rating": int(rating),
                "close_due": request.close_due,
                "callback_due": request.callback_due,
            },
            fields=[*fields, "reopen_count", "close_due", "callback_due", "proposed_on", "called_back_on"],
        )


def withdrawal_ask(*, request, by, reason, on=None):
    """A unit, the cadre or the centre asks the enterprise to confirm a withdrawal."""
    reason = _text(reason, "reason", _("Say why the request should be withdrawn."))
    with transaction.atomic():
        request = _locked(request)
        request.resume_state, request.withdrawal_reason = request.state, reason
        return request_transition(
            request=request,
            to=S.WITHDRAWAL_ASKED,
            by=by,
            note=reason,
            fields=["resume_state", "withdrawal_reason"],
        )


def withdrawal_answer(*, request, by, confirm, note="", on=None):
    """The enterprise confirms the withdrawal asked of it, or declines and the work goes on."""
    on = _today(on)
    with transaction.atomic():
        request = _locked(request)
        if request.state != S.WITHDRAWAL_ASKED:
            raise ValidationError(_("No withdrawal is waiting for your answer."))
        if confirm:
            request.closed_on = on
            return request_transition(request=request, to=S.WITHDRAWN, by=by, note=note, fields=["closed_on"])
        return request_transition(
            request=request, to=request.resume_state, by=by, note=note, data={"declined": True}
        )


def request_withdraw(*, request, by, reason, on=None):
    """The enterprise withdraws its own request."""
    on = _today(on)
    reason = _text(reason, "reason", _("Say why you withdraw the request."))
    with transaction.atomic():
        request = _locked(request)
        request.closed_on, request.withdrawal_reason = on, reason
        return request_transition(
            request=request, to=S.WITHDRAWN, by=by, note=reason, fields=["closed_on", "withdrawal_reason"]
        )
