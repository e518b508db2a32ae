import logging

from django.db import transaction

from .models import Event

log = logging.getLogger(__name__)


def event_emit(*, kind, key, payload=None, recipients=()):
    """Record a domain event once (by `key`) and queue its dispatch after the commit.

    Call it inside the transaction that made the change; returns (event, created).
    """
    event, created = Event.objects.get_or_create(key=key, defaults={"kind": kind, "payload": payload or {}})
    if created:
        users = [u for u in recipients if u is not None]
        if users:
            event.recipients.add(*users)
        transaction.on_commit(lambda: _enqueue_dispatch(event.pk))
    return event, created


def _enqueue_dispatch(event_id):
    from .tasks import event_dispatch

    try:
        event_dispatch.delay(event_id)
    except Exception:  # the broker is down: the outbox sweep delivers it later
        log.warning("broker unavailable; event %s left in the outbox", event_id, exc_info=True)
