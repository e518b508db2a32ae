from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One row per state or money change anywhere in the portal: who, when, what, before, after.

    `project_id` is denormalised so a project's timeline (its own transitions, its review rounds,
    rewards...) is one indexed query; rewards and unit scores are derived from these rows.
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=60)
    # Indexed by the (content_type, object_id, at) index below, which serves every look-up by type.
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+", db_index=False)
    object_id = models.PositiveBigIntegerField()
    project_id = models.PositiveBigIntegerField(null=True, blank=True, db_index=True)
    from_state = models.CharField(_("from"), max_length=40, blank=True)
    to_state = models.CharField(_("to"), max_length=40, blank=True)
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True, encoder=DjangoJSONEncoder)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["content_type", "object_id", "at"]),
            # A project's later edits, found by project and time: the league table reads from them
            # the unit responsible at intake and the planned start recorded at signing. Partial, so a
            # project never edited is answered by the index alone.
            models.Index(
                fields=["project_id", "at"],
                name="audit_project_updated_idx",
                condition=models.Q(action="project.updated"),
            ),
            # State changes by state and time (a period's intakes and exits for the league table).
            models.Index(
                fields=["to_state", "at", "action", "project_id"],
                name="audit_state_at_idx",
                condition=~models.Q(to_state=""),
            ),
        ]

    def __str__(self):
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
