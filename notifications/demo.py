"""Demo data: the reminder policy as data, and one run of the daily jobs so inboxes are not empty."""

import datetime as dt

from django.utils import timezone

from workdays.services import add_workdays, is_workday

from .digests import status_lights_sweep, weekly_digest_send
from .models import Event, ReminderPolicy
from .reminders import deadline_sweep
from .services import event_fan_out


def seed(units):
    ReminderPolicy.objects.get_or_create(
        effective_from=dt.date(2020, 1, 1),
        defaults={"reminder_workdays": 2, "escalation_workdays": 2, "note": "默认：到期前2个工作日提醒"},
    )
    today = timezone.localdate()
    if not is_workday(today):  # the jobs skip days off; show what the last working day sent
        today = add_workdays(today, -1)
    counts = deadline_sweep(today=today)
    lights = status_lights_sweep(today=today)
    weekly_digest_send(today=today)
    # Deliver at once, so the demo shows it even before a worker runs (dispatch is idempotent).
    pending = Event.objects.filter(dispatched_at__isnull=True).values_list("pk", flat=True)
    for event_id in list(pending):
        event_fan_out(event_id)
    return (
        f"notifications: {counts['reminders']} reminders, {counts['escalations']} escalations, "
        f"{lights['turned_red']} red lights, weekly digest for {today}"
    )
