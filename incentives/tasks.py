"""Celery tasks of the rewards app: they only call services; running them again changes nothing."""

import datetime as dt

from celery import shared_task

from notifications.tasks import recorded_job


@shared_task(bind=True, acks_late=True)
@recorded_job
def rewards_due(self, today=None, chunk_size=2000):
    """Create the calculated installments that fell due (completion, capacity, production, tax years)."""
    from .services import installments_create_due

    day = dt.date.fromisoformat(today) if today else None
    return {"created": installments_create_due(today=day, chunk=chunk_size)}
