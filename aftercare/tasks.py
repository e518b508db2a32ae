"""Celery tasks of aftercare: they only call services; running them again changes nothing."""

from celery import shared_task

from notifications.tasks import recorded_job

from . import services


@shared_task(bind=True, acks_late=True)
@recorded_job
def requests_sweep(self):
    """Escalation levels reached by overdue requests, and resolutions closed unconfirmed."""
    return {**services.escalation_sweep(), **services.unconfirmed_close_sweep()}
