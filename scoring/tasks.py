"""Celery tasks of the league table: they only call services; running them again changes nothing."""

from celery import shared_task

from notifications.tasks import recorded_job

from . import services


@shared_task(bind=True, acks_late=True)
@recorded_job
def board_freeze_previous_month(self):
    """Freeze last month's league table (once) and tell the units their rank."""
    snapshot, created = services.board_freeze(period=services.previous_month())
    return {"snapshot": snapshot.pk, "created": created}


@shared_task(bind=True, acks_late=True)
@recorded_job
def challenges_settle(self):
    """Challenges won by a linked project signed on target, or expired after their deadline."""
    return services.challenges_settle()
