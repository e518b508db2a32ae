from django.db import models
from django.utils.translation import gettext_lazy as _


class InvestorKind(models.TextChoices):
    COMPANY = "company", _("Company")
    PERSON = "person", _("Person (hometown entrepreneur)")


class SourceKind(models.TextChoices):
    """Where investors come from (domain §2 sources), each a record so conversions count per source."""

    HOMETOWN_NETWORK = "hometown_network", _("Hometown entrepreneurs' network")
    CHAMBER = "chamber", _("Chamber of commerce")
    OUTPOST = "outpost", _("Outpost office")
    CHAIN_LEADER = "chain_leader", _("Chain leader's supplier list")
    FUND = "fund", _("Fund")
    OTHER = "other", _("Other")


class PlaceKind(models.TextChoices):
    COUNTY = "county", _("In the county")
    INVESTOR = "investor", _("At the investor's premises")
    OUTPOST = "outpost", _("At an outpost office")
    EVENT = "event", _("At a promotion event")
    ONLINE = "online", _("Online or by phone")


class InteractionKind(models.TextChoices):
    VISIT = "visit", _("Visit")
    NEGOTIATION = "negotiation", _("Negotiation")
    SERVICE = "service", _("Service call on a landed firm")


class ClockKind(models.TextChoices):
    """The lead clocks (issue 16 §3); each a deadline the reminder sweep chases."""

    OWNER = "owner", _("Owner named")
    ASSESSMENT = "assessment", _("Assessment started")
    REFERRER_ANSWER = "referrer_answer", _("Referrer answered")
    PROGRESS_NOTE = "progress_note", _("Progress note")
