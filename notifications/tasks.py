"""Celery tasks: each calls a service and records its run; all idempotent, acknowledged late."""

import functools
import traceback

from celery import shared_task
from django.utils import timezone

from .enums import RunOutcome
from .models import Event, JobRun


def recorded_job(func):
    """Record each run of a scheduled job (start, end, outcome, summary) in JobRun."""

    @functools.wraps(func)
    def wrapper(self, *args, **kwargs):
        run = JobRun.objects.create(job=self.name, task_id=self.request.id or "")
        try:
            summary = func(self, *args, **kwargs)
        except Exception as exc:
            run.outcome = RunOutcome.FAILURE
            run.error = "".join(traceback.format_exception(exc))[-4000:]
            run.finished_at = timezone.now()
            run.save()
            raise
        run.outcome = RunOutcome.SUCCESS
        run.summary = summary or {}
        run.finished_at = timezone.now()
        run.save()
        return summary

    return wrapper


@shared_task(acks_late=True)
def event_dispatch(event_id):
    """Fan one outbox event out to its channels."""
    from .services import event_fan_out

    return event_fan_out(event_id)


@shared_task(acks_late=True)
def events_dispatch(event_ids):
    from .services import event_fan_out

    return sum(event_fan_out(event_id) for event_id in event_ids)


@shared_task(acks_late=True)
def delivery_retry(delivery_id):
    from .services import delivery_send

    return delivery_send(delivery_id)


@shared_task(bind=True, acks_late=True)
@recorded_job
def outbox_sweep(self, limit=1000):
    """Dispatch events whose after-commit enqueue was lost (broker down at save time), and send
    deliveries whose retry is due."""
    from .services import deliveries_retry_due

    ids = list(
        Event.objects.filter(dispatched_at__isnull=True).order_by("pk").values_list("pk", flat=True)[:limit]
    )
    for start in range(0, len(ids), 100):
        events_dispatch.delay(ids[start : start + 100])
    return {"events": len(ids), "retried": deliveries_retry_due()}


def _day(value):
    import datetime as dt

    return dt.date.fromisoformat(value) if value else None


@shared_task(bind=True, acks_late=True)
@recorded_job
def deadline_reminders(self, today=None, chunk_size=1000, pause=0.0):
    """Reminders a set number of working days before each open deadline."""
    from .reminders import deadline_sweep

    return deadline_sweep(today=_day(today), remind=True, escalate=False, chunk_size=chunk_size, pause=pause)


@shared_task(bind=True, acks_late=True)
@recorded_job
def overdue_escalation(self, today=None, chunk_size=1000, pause=0.0):
    """Escalate overdue deadlines: responsible person → unit head → convener, over working days."""
    from .reminders import deadline_sweep

    return deadline_sweep(today=_day(today), remind=False, escalate=True, chunk_size=chunk_size, pause=pause)


@shared_task(bind=True, acks_late=True)
@recorded_job
def status_lights(self, today=None):
    from .digests import status_lights_sweep

    return status_lights_sweep(today=_day(today))


@shared_task(bind=True, acks_late=True)
@recorded_job
def weekly_digest(self, today=None):
    from .digests import weekly_digest_send

    return weekly_digest_send(today=_day(today))
