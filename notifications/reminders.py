"""The deadline sweep: reminders before a deadline and escalation after it, on working days.

Every reminder is an outbox event with a key made of the deadline's key, its due date and the
step, so it is recorded once however often (or however concurrently) the sweep runs; a deadline
moved to a new date earns a new reminder. Deadlines stream from their sources in chunks, so
memory does not grow with their number.
"""

import itertools
import time

from django.conf import settings
from django.utils import timezone

from workdays.services import add_workdays, is_workday, workdays_between

from .deadlines import iter_open_deadlines
from .enums import EventKind
from .models import ReminderPolicy
from .services import events_emit_many

ESCALATION_LEVELS = 3  # the person(s) responsible, their head, the convener


def policy_on(day):
    """The reminder policy in force on `day` (the defaults when none has been entered)."""
    found = ReminderPolicy.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
    if found is None:
        found = ReminderPolicy(
            reminder_workdays=getattr(settings, "REMINDER_WORKDAYS", 2),
            escalation_workdays=getattr(settings, "ESCALATION_WORKDAYS", 2),
        )
    return found


class _Calendar:
    """Working-day arithmetic memoised per due date: many deadlines share few dates."""

    def __init__(self, today, policy):
        self.today = today
        self.policy = policy
        self.remind_until = add_workdays(today, policy.reminder_workdays)
        self._levels = {}
        self._distances = {}

    def distance(self, due):
        """Working days from today to `due` (negative once it has passed)."""
        found = self._distances.get(due)
        if found is None:
            found = self._distances[due] = workdays_between(self.today, due)
        return found

    def level_dates(self, due):
        """The day each escalation level starts: level 0 the first working day after the due date."""
        found = self._levels.get(due)
        if found is None:
            step = self.policy.escalation_workdays
            found = tuple(add_workdays(due, 1 + level * step) for level in range(ESCALATION_LEVELS))
            self._levels[due] = found
        return found


def deadline_sweep(*, today=None, remind=True, escalate=True, chunk_size=1000, pause=0.0):
    """Emit the reminders and escalations due on `today`; returns counts. Idempotent.

    Runs only on working days (nobody reads a reminder on a holiday; the next working day's run
    catches up). `pause` (seconds per chunk) exists so tests can interrupt a run midway.
    """
    today = today or timezone.localdate()
    counts = {"deadlines": 0, "reminders": 0, "escalations": 0}
    if not is_workday(today):
        counts["skipped"] = "not a working day"
        return counts
    cal = _Calendar(today, policy_on(today))
    deadlines = iter_open_deadlines()
    while chunk := list(itertools.islice(deadlines, chunk_size)):
        reminders, escalations = [], []
        for deadline in chunk:
            if remind and today <= deadline.due <= cal.remind_until:
                reminders.append(_reminder(deadline, cal))
            elif escalate and deadline.due < today:
                escalations.extend(_escalations(deadline, cal))
        counts["deadlines"] += len(chunk)
        counts["reminders"] += events_emit_many(reminders)
        counts["escalations"] += events_emit_many(escalations)
        if pause:
            time.sleep(pause)
    return counts


def _payload(deadline, **extra):
    return {
        "deadline": deadline.key,
        "title": deadline.title,
        "url": deadline.url,
        "due": deadline.due,
        **extra,
    }


def _reminder(deadline, cal):
    recipients = deadline.escalation[0] if deadline.escalation else ()
    return (
        EventKind.DEADLINE_REMINDER,
        f"deadline.reminder:{deadline.key}:{deadline.due.isoformat()}",
        _payload(deadline, workdays=cal.distance(deadline.due)),
        recipients,
    )


def _escalations(deadline, cal):
    """One event per level reached so far; a level with nobody to tell is passed over."""
    found = []
    for level, starts in enumerate(cal.level_dates(deadline.due)):
        if cal.today < starts:
            break
        recipients = deadline.escalation[level] if level < len(deadline.escalation) else ()
        if not recipients:
            continue
        found.append(
            (
                EventKind.DEADLINE_OVERDUE,
                f"deadline.overdue:{deadline.key}:{deadline.due.isoformat()}:{level}",
                _payload(deadline, level=level, overdue=-cal.distance(deadline.due)),
                recipients,
            )
        )
    return found
