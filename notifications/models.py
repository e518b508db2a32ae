from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .enums import Channel, DeliveryStatus, RunOutcome


class Event(models.Model):
    """The outbox: a domain event written in the same transaction as the change it reports.

    `key` is unique, so an event is recorded once however often its emitter runs; dispatch
    (fan-out to channels) happens after commit and is retried from this table if the broker
    was down.
    """

    kind = models.CharField(_("kind"), max_length=60)
    key = models.CharField(_("key"), max_length=200)
    payload = models.JSONField(_("payload"), default=dict, encoder=DjangoJSONEncoder)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    # A registered audience (notifications.audiences) whose members join the recipients at dispatch.
    audience = models.CharField(_("audience"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at"]
        # Only what is looked up: the key (equality, also the ON CONFLICT target) and the events
        # still waiting for dispatch. Every public report and every deadline sweep writes here.
        constraints = [models.UniqueConstraint(fields=["key"], name="event_key_unique")]
        indexes = [
            models.Index(
                fields=["id"], condition=Q(dispatched_at__isnull=True), name="event_undispatched_idx"
            )
        ]

    def __str__(self):
        return self.key


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """One item in a user's in-app inbox; written by the in-app channel."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["event", "user"], name="notification_once_per_user")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread_idx")]

    def __str__(self):
        return self.title


class Delivery(models.Model):
    """The delivery log: one row per (event, recipient, channel), so nothing is sent twice.

    The group-chat webhook is one message per event, so its rows have no recipient.
    """

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-created_at", "-id"]
        # Two partial constraints rather than NULLS NOT DISTINCT, which SQLite (the demo) lacks.
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient", "channel"],
                condition=Q(recipient__isnull=False),
                name="delivery_once_per_recipient_channel",
            ),
            models.UniqueConstraint(
                fields=["event", "channel"],
                condition=Q(recipient__isnull=True),
                name="delivery_once_per_event_channel",
            ),
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"], name="delivery_retry_due_idx", condition=Q(status="retrying")
            ),
            # The administrators' home panel and jobs page: failed deliveries, newest first.
            models.Index(fields=["created_at"], name="delivery_failed_idx", condition=Q(status="failed")),
        ]

    def __str__(self):
        return f"{self.event_id}/{self.recipient_id}/{self.channel}"


class NotificationPreference(models.Model):
    """Which channels a user wants besides the in-app inbox (which always keeps a copy)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("by email"), default=True)
    chat = models.BooleanField(_("mention me in the group chat"), default=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self):
        return str(self.user)


class ReminderPolicy(models.Model):
    """When reminders and escalations go out, as data the administrator edits.

    The newest policy in force on the sweep date applies.
    """

    effective_from = models.DateField(_("effective from"), unique=True)
    reminder_workdays = models.PositiveSmallIntegerField(
        _("remind this many working days before the deadline"),
        default=2,
        validators=[MinValueValidator(0), MaxValueValidator(30)],
    )
    escalation_workdays = models.PositiveSmallIntegerField(
        _("escalate one level after this many further working days overdue"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("reminder policy")
        verbose_name_plural = _("reminder policies")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.effective_from}: {self.reminder_workdays}/{self.escalation_workdays}"


class JobRun(models.Model):
    """One run of a scheduled job and its outcome, for the administrators' page."""

    job = models.CharField(_("job"), max_length=100, db_index=True)
    task_id = models.CharField(_("task id"), max_length=100, blank=True)
    started_at = models.DateTimeField(_("started at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=RunOutcome.choices, default=RunOutcome.RUNNING
    )
    summary = models.JSONField(_("summary"), default=dict, encoder=DjangoJSONEncoder)
    error = models.TextField(_("error"), blank=True)

    class Meta:
        verbose_name = _("job run")
        verbose_name_plural = _("job runs")
        ordering = ["-started_at", "-id"]

    def __str__(self):
        return f"{self.job} {self.started_at:%Y-%m-%d %H:%M}"
