"""Daily jobs: the escalation level each overdue request has reached, and requests the
enterprise never confirmed. Both are idempotent: a level or a closing is recorded once."""

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from audit.services import audit_record
from notifications.reminders import policy_on as reminder_policy_on
from notifications.selectors import centre_audience
from notifications.services import event_emit
from workdays.services import add_workdays, is_workday

from ..enums import WORKING_STATES, EscalationLevel, RequestState
from ..models import ServiceRequest
from . import clocks
from .transitions import request_transition


def overdue_q(today):
    return Q(state__in=WORKING_STATES) & (
        Q(contact_due__lt=today, contacted_on__isnull=True)
        | Q(reply_due__lt=today, replied_on__isnull=True)
        | Q(close_due__lt=today, proposed_on__isnull=True)
        | Q(callback_due__lt=today, called_back_on__isnull=True)
    )


def earliest_missed(request, today):
    dues = [due for _field, due in request.open_dues() if due < today]
    if request.callback_due and request.called_back_on is None and request.callback_due < today:
        dues.append(request.callback_due)
    return min(dues) if dues else None


def level_reached(due, today, step):
    """Level k (1 = cadre ... 4 = coordination meeting) starts 1 + (k-1)·step working days after the
    missed date: the same ladder the deadline sweep tells the cadre, the unit head and the leader."""
    level = EscalationLevel.NONE
    for k in range(1, len(EscalationLevel.values)):
        if add_workdays(due, 1 + (k - 1) * step) <= today:
            level = k
    return level


def escalation_sweep(*, today=None):
    """Record the level each overdue request has reached; the last puts it on the agenda of the
    coordination meeting (专题协调会) and tells the centre. Runs on working days."""
    today = today or timezone.localdate()
    counts = {"overdue": 0, "escalated": 0, "on_agenda": 0}
    if not is_workday(today):
        return {**counts, "skipped": "not a working day"}
    step = reminder_policy_on(today).escalation_workdays
    overdue = ServiceRequest.objects.filter(overdue_q(today)).select_related("project").order_by("pk")
    for request in overdue.iterator(chunk_size=500):
        counts["overdue"] += 1
        due = earliest_missed(request, today)
        level = level_reached(due, today, step) if due else EscalationLevel.NONE
        if level <= request.escalation_level:
            continue
        with transaction.atomic():
            locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
            if level <= locked.escalation_level:
                continue
            for reached in range(locked.escalation_level + 1, level + 1):
                audit_record(
                    obj=locked,
                    action="aftercare.escalated",
                    to_state=str(reached),
                    data={"level": reached, "missed": due},
                    project_id=locked.project_id,
                )
            locked.escalation_level = level
            fields = ["escalation_level"]
            if level == EscalationLevel.MEETING and not locked.on_agenda:
                locked.on_agenda = True
                fields.append("on_agenda")
                counts["on_agenda"] += 1
                _tell_meeting(locked, due)
            locked.save(update_fields=fields)
            counts["escalated"] += 1
    return counts


def _tell_meeting(request, due):
    from django.urls import reverse

    with translation.override(settings.LANGUAGE_CODE):
        payload = {
            "title": _("Enterprise request “%(title)s” goes to the coordination meeting")
            % {"title": request.title},
            "body": _("Overdue since %(due)s; project: %(project)s.")
            % {"due": due, "project": request.project.name},
            "url": reverse("aftercare:detail", args=[request.pk]),
        }
    event_emit(
        kind="aftercare.meeting",
        key=f"aftercare.meeting:{request.pk}:{due.isoformat()}",
        payload=payload,
        recipients=list(centre_audience().values_list("pk", flat=True)),
    )


def unconfirmed_close_sweep(*, today=None):
    """A resolution the enterprise has not answered within the policy's working days closes as
    "closed, unconfirmed": counted apart from solved."""
    today = today or timezone.localdate()
    closed = 0
    waiting = ServiceRequest.objects.filter(state=RequestState.PROPOSED).select_related("policy")
    for request in waiting.iterator(chunk_size=500):
        policy = request.policy or clocks.policy_on(request.proposed_on)
        if add_workdays(request.proposed_on, policy.confirm_workdays) >= today:
            continue
        with transaction.atomic():
            locked = ServiceRequest.objects.select_for_update().get(pk=request.pk)
            if locked.state != RequestState.PROPOSED:
                continue
            locked.closed_on = today
            request_transition(request=locked, to=RequestState.UNCONFIRMED, by=None, fields=["closed_on"])
            closed += 1
    return {"closed_unconfirmed": closed}
