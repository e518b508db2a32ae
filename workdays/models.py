from django.db import models
from django.utils.translation import gettext_lazy as _


class WorkdayAdjustment(models.Model):
    """A local change to the national calendar, entered by the administrator."""

    date = models.DateField(_("date"), unique=True)
    is_workday = models.BooleanField(_("is a working day"))
    reason = models.CharField(_("reason"), max_length=200)

    class Meta:
        verbose_name = _("working-day adjustment")
        verbose_name_plural = _("working-day adjustments")
        ordering = ["date"]

    def __str__(self):
        return f"{self.date} {self.reason}"
