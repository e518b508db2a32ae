"""Pauses (waiting on the enterprise) and extensions (asked by the lead unit, decided by the
centre): the only ways a running clock moves, each on the request's timeline."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import permissions as can
from ..enums import ExtensionState, RequestState
from ..models import RequestExtension, RequestPause
from . import clocks
from .requests import _lead_only, _locked, _text
from .transitions import request_record, request_transition

S = RequestState


def pause_start(*, request, by, reason, on=None):
    """The clock stops while the unit waits on the enterprise (documents, a decision...)."""
    on = on or timezone.localdate()
    reason = _text(reason, "reason", _("Say what the unit is waiting for from the enterprise."))
    with transaction.atomic():
        request = _locked(request)
        _lead_only(request, by)
        request.resume_state, request.paused_since = request.state, on
        RequestPause.objects.create(request=request, started_on=on, reason=reason)
        return request_transition(
            request=request, to=S.WAITING, by=by, note=reason, fields=["resume_state", "paused_since"]
        )


def pause_end(*, request, by, note="", on=None):
    """The enterprise has answered: every running clock moves on by the working days paused."""
    on = on or timezone.localdate()
    with transaction.atomic():
        request = _locked(request)
        if request.state != S.WAITING:
            raise ValidationError(_("The request's clock is not paused."))
        if on < request.paused_since:
            raise ValidationError(_("The clock cannot resume before it was paused."))
        days = clocks.paused_workdays(request.paused_since, on)
        moved = {}
        for field, due in request.open_dues():
            moved[field] = clocks.shifted(due, days)
            setattr(request, field, moved[field])
        if request.callback_due and request.called_back_on is None:
            request.callback_due = moved["callback_due"] = clocks.shifted(request.callback_due, days)
        for assignment in request.assignments.filter(
            active=True, answered_on__isnull=True, answer_due__isnull=False
        ):
            assignment.answer_due = clocks.shifted(assignment.answer_due, days)
            assignment.save(update_fields=["answer_due"])
        request.pauses.filter(ended_on__isnull=True).update(ended_on=on, workdays=days)
        request.paused_since = None
        return request_transition(
            request=request,
            to=request.resume_state,
            by=by,
            note=note,
            data={"paused_workdays": days, **moved},
            fields=["paused_since", *moved],
        )


def extension_ask(*, request, by, new_due, reason, on=None):
    """The lead unit asks for a later close date, at least the policy's working days before due."""
    on = on or timezone.localdate()
    reason = _text(reason, "reason", _("Say why more time is needed."))
    with transaction.atomic():
        request = _locked(request)
        _lead_only(request, by)
        if request.close_due is None or request.is_closed or request.proposed_on is not None:
            raise ValidationError(_("There is no running close date to extend."))
        if request.extensions.filter(state=ExtensionState.ASKED).exists():
            raise ValidationError(_("An extension is already waiting for the centre's decision."))
        policy = request.policy or clocks.policy_on(on)
        if not clocks.extension_in_time(policy=policy, on=on, due=request.close_due):
            raise ValidationError(
                _("An extension must be asked at least %(n)s working day(s) before the due date %(due)s.")
                % {"n": policy.extension_notice_workdays, "due": request.close_due}
            )
        if new_due is None or new_due <= request.close_due:
            raise ValidationError(
                {"new_due": _("The new date must be later than %(due)s.") % {"due": request.close_due}}
            )
        extension = RequestExtension.objects.create(
            request=request, asked_on=on, old_due=request.close_due, new_due=new_due, reason=reason
        )
        request_record(
            request=request,
            action="aftercare.extension_asked",
            by=by,
            note=reason,
            data={"old_due": request.close_due, "new_due": new_due},
        )
    return extension


def extension_decide(*, extension, by, approve, note="", on=None):
    """The centre approves (the close date moves) or refuses an extension."""
    on = on or timezone.localdate()
    if not can.is_centre(by):
        raise PermissionDenied(_("Only the promotion centre decides extensions."))
    with transaction.atomic():
        request = _locked(extension.request)
        extension = RequestExtension.objects.select_for_update().get(pk=extension.pk)
        if extension.state != ExtensionState.ASKED:
            raise ValidationError(_("This extension has already been decided."))
        extension.state = ExtensionState.APPROVED if approve else ExtensionState.REFUSED
        extension.decided_on = on
        extension.save(update_fields=["state", "decided_on"])
        fields = []
        if approve and request.proposed_on is None and not request.is_closed:
            request.close_due = extension.new_due
            fields.append("close_due")
        request_record(
            request=request,
            action="aftercare.extension_approved" if approve else "aftercare.extension_refused",
            by=by,
            note=note,
            fields=fields,
            data={"old_due": extension.old_due, "new_due": extension.new_due},
        )
    return extension
