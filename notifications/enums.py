from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    IN_APP = "in_app", _("In-app inbox")
    EMAIL = "email", _("Email")
    WEBHOOK = "webhook", _("Group chat robot")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    RETRYING = "retrying", _("Retrying")
    SENT = "sent", _("Sent")
    SKIPPED = "skipped", _("Skipped")
    FAILED = "failed", _("Failed")


class RunOutcome(models.TextChoices):
    RUNNING = "running", _("Running")
    SUCCESS = "success", _("Succeeded")
    FAILURE = "failure", _("Failed")


class EventKind(models.TextChoices):
    """Event kinds this app emits itself; other apps emit their own (e.g. "review.round_opened")."""

    DEADLINE_REMINDER = "deadline.reminder", _("Deadline reminder")
    DEADLINE_OVERDUE = "deadline.overdue", _("Overdue deadline")
    PROJECT_RED = "project.turned_red", _("Project turned red")
    WEEKLY_DIGEST = "digest.weekly", _("Weekly digest and meeting agenda")
