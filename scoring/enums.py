from django.db import models
from django.utils.translation import gettext_lazy as _

from org.enums import UnitKind


class ScoringGroup(models.TextChoices):
    """The groups (分组) units compete in; each is one kind of unit."""

    TOWNSHIP = "township", _("Townships")
    DEPARTMENT = "department", _("County departments")
    PLATFORM = "platform", _("Platforms")


GROUP_UNIT_KIND = {
    ScoringGroup.TOWNSHIP: UnitKind.TOWNSHIP,
    ScoringGroup.DEPARTMENT: UnitKind.DEPARTMENT,
    ScoringGroup.PLATFORM: UnitKind.PLATFORM,
}


class PeriodKind(models.TextChoices):
    MONTH = "month", _("Month")
    QUARTER = "quarter", _("Quarter")
    YEAR = "year", _("Year")


class Rule(models.TextChoices):
    """What a score line was given for."""

    SIGNED = "signed", _("Signed (size class × category weight)")
    FORTUNE500 = "fortune500", _("Fortune-500 investor")
    FOREIGN = "foreign", _("Foreign investor")
    STARTED_ON_TIME = "started_on_time", _("Started on time")
    STARTED_LATE = "started_late", _("Started late")
    PRODUCTION = "production", _("Production started")
    EXITED = "exited", _("Exited after signing")
    LEAD = "lead", _("Valid lead")
    LEAD_OVER_CAP = "lead_over_cap", _("Valid lead beyond the period's cap")
    REQUESTS_OVERDUE = "requests_overdue", _("Enterprise requests overdue")
    REQUESTS_SATISFIED = "requests_satisfied", _("Enterprise requests: satisfied share")
    CHALLENGE = "challenge", _("Challenge won")
    ADJUSTMENT = "adjustment", _("Manual adjustment")
    BUNDLE = "bundle", _("Bundle share")


class Tier(models.TextChoices):
    A = "A", _("Tier A")
    B = "B", _("Tier B")
    C = "C", _("Tier C")


class ChallengeState(models.TextChoices):
    OPEN = "open", _("Open")
    WON = "won", _("Won")
    EXPIRED = "expired", _("Expired")
