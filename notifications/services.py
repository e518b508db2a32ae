"""Writes of the notifications app: the outbox, the fan-out to channels and the delivery log."""

import atexit
import datetime as dt
import logging
import os
import threading
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone

from .audiences import audience_member_ids, is_audience
from .channels import CHANNELS, webhook_enabled
from .enums import Channel, DeliveryStatus
from .messages import message_for
from .models import Delivery, Event, NotificationPreference

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
RETRY_BACKOFF = dt.timedelta(minutes=1)  # 1, 4, 16, 64 minutes between attempts


def event_emit(*, kind, key, payload=None, recipients=(), audience="", new_key=False):
    """Record a domain event once (by `key`) and queue its dispatch after the commit.

    Call it inside the transaction that made the change; returns (event, created). Recipients keep
    only user ids that exist: a caller's cached or stale id must not break its save. `audience`: a
    registered audience (notifications.audiences) whose members are added to the recipients when
    the event is dispatched, not now. `new_key`: the key names a row created in this transaction
    (e.g. ``kind:<new pk>``), so it cannot exist yet and no savepoint guards the insert; the unique
    key still would stop a second one.
    """
    if audience and not is_audience(audience):
        raise ValueError(f"no audience {audience!r} is registered")
    fields = {"kind": kind, "key": key, "payload": payload or {}, "audience": audience}
    if new_key:
        event, created = Event.objects.create(**fields), True
    else:
        # Insert first (nearly every key is new): one statement fewer than get_or_create's look-up.
        try:
            with transaction.atomic():
                event, created = Event.objects.create(**fields), True
        except IntegrityError:
            event, created = Event.objects.filter(key=key).first(), False
            if event is None:  # the insert failed for another reason than an existing key
                raise
    if created:
        known = _existing_user_ids(getattr(u, "pk", u) for u in recipients)
        if known:
            # A new event has no recipients yet: one insert, without add()'s look-up of existing rows.
            through = Event.recipients.through
            through.objects.bulk_create([through(event_id=event.pk, user_id=user_id) for user_id in known])
        transaction.on_commit(lambda: _enqueue_dispatch([event.pk]))
    return event, created


def event_dispatch_after_commit(event_id):
    """Queue the dispatch of an event recorded by a caller's own statement, as event_emit does."""
    transaction.on_commit(lambda: _enqueue_dispatch([event_id]))


def events_emit_many(items):
    """Record many events at once: `items` are (kind, key, payload, recipient ids).

    Keys already recorded are left alone; returns the number of new events. Safe to run from two
    sweeps at once: the unique key lets one insert win, and dispatch is idempotent.
    """
    items = list({key: (kind, key, payload, ids) for kind, key, payload, ids in items}.values())
    if not items:
        return 0
    keys = [key for _, key, _, _ in items]
    with transaction.atomic():
        existing = set(Event.objects.filter(key__in=keys).values_list("key", flat=True))
        new = [item for item in items if item[1] not in existing]
        if not new:
            return 0
        Event.objects.bulk_create(
            [Event(kind=kind, key=key, payload=payload) for kind, key, payload, _ in new],
            ignore_conflicts=True,
        )
        ids = dict(Event.objects.filter(key__in=[item[1] for item in new]).values_list("key", "pk"))
        known = _existing_user_ids(user_id for _, _, _, user_ids in new for user_id in user_ids)
        through = Event.recipients.through
        through.objects.bulk_create(
            [
                through(event_id=ids[key], user_id=user_id)
                for _, key, _, user_ids in new
                for user_id in set(user_ids)
                if user_id in known
            ],
            ignore_conflicts=True,
        )
        event_ids = sorted(ids.values())
        transaction.on_commit(lambda: _enqueue_dispatch(event_ids))
    return len(new)


def _existing_user_ids(ids):
    """The given user ids that exist; a caller's cached or stale id must not break its save."""
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return set()
    return set(get_user_model().objects.filter(pk__in=wanted).values_list("pk", flat=True))


def _enqueue_dispatch(event_ids):
    """After the commit: have a worker dispatch the events — batched in a busy web process."""
    if _dispatch_batcher.window() > 0 and not _in_worker_or_eager():
        _dispatch_batcher.add(event_ids)
    else:
        _publish_dispatch(event_ids)


def _publish_dispatch(event_ids):
    from .tasks import event_dispatch, events_dispatch

    try:
        if len(event_ids) == 1:
            event_dispatch.delay(event_ids[0])
        else:
            events_dispatch.delay(event_ids)
    except Exception:  # the broker is down: the outbox sweep delivers them later
        log.warning("broker unavailable; %d event(s) left in the outbox", len(event_ids), exc_info=True)


def _in_worker_or_eager():
    from celery import current_app
    from celery._state import get_current_task

    return get_current_task() is not None or current_app.conf.task_always_eager


class _DispatchBatcher:
    """Coalesces one process's after-commit dispatch messages.

    A broker message costs about as much CPU as the rest of a public report put together, so a
    web process that commits many events a second sends the ids committed within a short window
    (settings.NOTIFICATIONS_DISPATCH_WINDOW seconds, default 0.25; 0 turns batching off) as one
    message, from a background thread: the request does not wait for the broker either. Events
    are in the outbox before they get here, so ids lost with a killed process are dispatched by
    `outbox_sweep` (every 5 minutes); a clean exit publishes what is pending.
    """

    def __init__(self):
        self._reset()
        os.register_at_fork(after_in_child=self._reset)
        atexit.register(self.flush)

    def _reset(self):
        self._lock = threading.Lock()
        self._pending = []
        self._wake = threading.Condition(self._lock)
        self._thread = None

    @staticmethod
    def window():
        return settings.NOTIFICATIONS_DISPATCH_WINDOW

    def add(self, event_ids):
        with self._lock:
            self._pending.extend(event_ids)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="event-dispatch", daemon=True)
                self._thread.start()
            self._wake.notify()

    def _run(self):
        while True:
            with self._lock:
                while not self._pending:
                    self._wake.wait()
            time.sleep(self.window())  # let the ids of concurrent commits gather
            self.flush()

    def flush(self):
        with self._lock:
            event_ids, self._pending = self._pending, []
        for start in range(0, len(event_ids), 100):
            _publish_dispatch(event_ids[start : start + 100])


_dispatch_batcher = _DispatchBatcher()


def _channels_for(event):
    """(recipient id, channel) pairs the event goes to, following each user's preferences."""
    User = get_user_model()
    recipients = list(User.objects.filter(pk__in=event.recipients.values("pk"), is_active=True))
    prefs = {p.user_id: p for p in NotificationPreference.objects.filter(user__in=recipients)}
    pairs = []
    for user in recipients:
        pref = prefs.get(user.pk) or NotificationPreference(user=user)
        pairs.append((user.pk, Channel.IN_APP))
        if pref.email and user.email:
            pairs.append((user.pk, Channel.EMAIL))
    if webhook_enabled() and any((prefs.get(u.pk) or NotificationPreference()).chat for u in recipients):
        pairs.append((None, Channel.WEBHOOK))
    return pairs


def _audience_join(event):
    """The event's audience, as it stands now, joins its recipients (once: the event is locked and
    not dispatched yet; a second run finds the rows there)."""
    through = Event.recipients.through
    through.objects.bulk_create(
        [through(event_id=event.pk, user_id=user_id) for user_id in audience_member_ids(event.audience)],
        ignore_conflicts=True,
    )


def event_fan_out(event_id):
    """Write the delivery log for an event (once), then send what is still pending.

    Run twice, or by two workers at once, each delivery still goes out once: the log's unique
    key stops a second row and `delivery_send` locks the row while it sends.
    """
    with transaction.atomic():
        event = Event.objects.select_for_update(skip_locked=True).filter(pk=event_id).first()
        if event is None:
            return 0  # another worker holds it, or it is gone
        if event.dispatched_at is None:
            if event.audience:
                _audience_join(event)
            Delivery.objects.bulk_create(
                [Delivery(event=event, recipient_id=uid, channel=ch) for uid, ch in _channels_for(event)],
                ignore_conflicts=True,
            )
            event.dispatched_at = timezone.now()
            event.save(update_fields=["dispatched_at"])
    pending = Delivery.objects.filter(event_id=event_id, status=DeliveryStatus.PENDING).values_list(
        "pk", flat=True
    )
    return sum(delivery_send(pk) for pk in list(pending))


def delivery_send(delivery_id):
    """Send one delivery on its channel; a failure is retried later and never touches other channels.

    Returns True when this call sent it.
    """
    retry_in = None
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("event", "recipient")
            .filter(pk=delivery_id, status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
            .first()
        )
        if delivery is None:
            return False  # sent, given up, or being sent by another worker right now
        delivery.attempts += 1
        try:
            with transaction.atomic():
                sent = CHANNELS[delivery.channel].send(delivery, message_for(delivery.event))
        except Exception as exc:
            log.warning("delivery %s on %s failed", delivery.pk, delivery.channel, exc_info=True)
            delivery.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if delivery.attempts >= MAX_ATTEMPTS:
                delivery.status = DeliveryStatus.FAILED
                delivery.next_attempt_at = None
            else:
                delivery.status = DeliveryStatus.RETRYING
                retry_in = RETRY_BACKOFF * 4 ** (delivery.attempts - 1)
                delivery.next_attempt_at = timezone.now() + retry_in
        else:
            delivery.status = DeliveryStatus.SENT if sent else DeliveryStatus.SKIPPED
            delivery.sent_at = timezone.now() if sent else None
            delivery.next_attempt_at = None
            delivery.last_error = ""
        delivery.save()
        if retry_in is not None:
            transaction.on_commit(lambda: _enqueue_retry(delivery.pk, retry_in))
    return delivery.status == DeliveryStatus.SENT


def _enqueue_retry(delivery_id, countdown):
    from .tasks import delivery_retry

    try:
        delivery_retry.apply_async((delivery_id,), countdown=countdown.total_seconds())
    except Exception:  # the outbox sweep picks up due retries as well
        log.warning("broker unavailable; delivery %s retried by the sweep", delivery_id, exc_info=True)


def deliveries_retry_due(now=None, limit=500):
    """Send failed deliveries whose backoff has passed; returns how many went out."""
    now = now or timezone.now()
    due = Delivery.objects.filter(status=DeliveryStatus.RETRYING, next_attempt_at__lte=now).order_by(
        "next_attempt_at"
    )
    return sum(delivery_send(pk) for pk in list(due.values_list("pk", flat=True)[:limit]))


def delivery_retry_now(*, delivery, by):
    """An administrator sends a given-up delivery again (with a fresh set of attempts)."""
    with transaction.atomic():
        updated = Delivery.objects.filter(pk=delivery.pk, status=DeliveryStatus.FAILED).update(
            status=DeliveryStatus.RETRYING, attempts=0, next_attempt_at=timezone.now()
        )
        if updated:
            from audit.services import audit_record

            from .panels import failure_figures

            failure_figures.bump()  # the administrators' home counts failed deliveries
            audit_record(obj=delivery, action="notification.delivery_retried", actor=by)
    return bool(updated)


def notification_mark_read(*, user, ids=None):
    """Mark the user's notifications (all, or those in `ids`) as read; returns how many changed."""
    qs = user.notifications.unread()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


def preference_for(user):
    pref, _ = NotificationPreference.objects.get_or_create(user=user)
    return pref
