"""The clocks of a request as dated policy data (domain: 专人联系, answered on a working-day clock)."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


def workdays(verbose_name, default):
    return models.PositiveSmallIntegerField(
        verbose_name, default=default, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )


class ClockPolicyQuerySet(models.QuerySet):
    def in_force(self, on):
        """The version in force on `on`: the latest effective on or before it."""
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()


class ClockPolicy(models.Model):
    """Working days allowed for each step; a request keeps the version in force when it was routed."""

    name = models.CharField(_("name"), max_length=100)
    effective_from = models.DateField(_("effective from"), unique=True)
    contact_workdays = workdays(_("contact the enterprise within (working days)"), 1)
    reply_workdays = workdays(_("stage reply within (working days)"), 3)
    close_general_workdays = workdays(_("close a general request within (working days)"), 5)
    close_complex_workdays = workdays(_("close a complex request within at most (working days)"), 15)
    assist_workdays = workdays(_("assisting units answer within (working days)"), 3)
    objection_workdays = workdays(_("object to an assignment within (working days)"), 1)
    extension_notice_workdays = workdays(_("ask an extension at least (working days before due)"), 1)
    reopen_workdays = workdays(_("fix a reopened request within (working days)"), 15)
    confirm_workdays = workdays(_("closed unconfirmed after (working days without an answer)"), 5)

    objects = ClockPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("request clock policy")
        verbose_name_plural = _("request clock policies")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self.name} ({self.effective_from})"
