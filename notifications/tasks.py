from celery import shared_task
from django.utils import timezone

from .models import Event


@shared_task(acks_late=True)
def event_dispatch(event_id):
    """Fan an outbox event out to its channels (filled in by the notifications issue)."""
    Event.objects.filter(pk=event_id, dispatched_at__isnull=True).update(dispatched_at=timezone.now())


@shared_task(acks_late=True)
def outbox_sweep():
    """Dispatch events whose after-commit enqueue was lost (broker down at save time)."""
    for event_id in Event.objects.filter(dispatched_at__isnull=True).values_list("pk", flat=True)[:1000]:
        event_dispatch.delay(event_id)
