from celery import shared_task

from . import services


@shared_task
def board_freeze_previous_month():
    """Freeze last month's league table (once) and tell the units their rank."""
    snapshot, created = services.board_freeze(period=services.previous_month())
    return {"snapshot": snapshot.pk, "created": created}


@shared_task
def challenges_settle():
    return services.challenges_settle()
