from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class Event(models.Model):
    """The outbox: a domain event written in the same transaction as the change it reports.

    `key` is unique, so an event is recorded once however often its emitter runs; dispatch
    (fan-out to channels) happens after commit and is retried from this table if the broker
    was down.
    """

    kind = models.CharField(_("kind"), max_length=60, db_index=True)
    key = models.CharField(_("key"), max_length=200, unique=True)
    payload = models.JSONField(_("payload"), default=dict, encoder=DjangoJSONEncoder)
    recipients = models.ManyToManyField(settings.AUTH_USER_MODEL, related_name="+", blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True, db_index=True)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["-created_at"]

    def __str__(self):
        return self.key
