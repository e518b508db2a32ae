from django.db import models
from django.utils.translation import gettext_lazy as _


class RequestCategory(models.TextChoices):
    LAND = "land", _("Land")
    UTILITIES = "utilities", _("Power, water and gas")
    PERMITS = "permits", _("Permits and approvals")
    FINANCE = "finance", _("Finance")
    LABOUR = "labour", _("Labour and talent")
    POLICY = "policy", _("Policy")
    INFRASTRUCTURE = "infrastructure", _("Infrastructure")
    OTHER = "other", _("Other")


class Channel(models.TextChoices):
    ONLINE = "online", _("Filed online by the enterprise")
    PHONE = "phone", _("Phone call")
    VISIT = "visit", _("Visit")
    ROUNDTABLE = "roundtable", _("Government-enterprise roundtable")
    HOTLINE = "hotline", _("12345 hotline transfer")


class Urgency(models.TextChoices):
    NORMAL = "normal", _("Normal")
    URGENT = "urgent", _("Urgent")


class Complexity(models.TextChoices):
    GENERAL = "general", _("General")
    COMPLEX = "complex", _("Complex")


class RequestState(models.TextChoices):
    SUBMITTED = "submitted", _("Awaiting routing")
    ASSIGNED = "assigned", _("Assigned")
    IN_PROGRESS = "in_progress", _("In progress")
    WAITING = "waiting", _("Waiting on the enterprise")
    PROPOSED = "proposed", _("Awaiting the enterprise's confirmation")
    REOPENED = "reopened", _("Reopened")
    WITHDRAWAL_ASKED = "withdrawal_asked", _("Withdrawal awaiting the enterprise")
    SOLVED = "solved", _("Closed, solved")
    UNCONFIRMED = "unconfirmed", _("Closed, unconfirmed")
    WITHDRAWN = "withdrawn", _("Withdrawn")


CLOSED_STATES = {RequestState.SOLVED, RequestState.UNCONFIRMED, RequestState.WITHDRAWN}
# The clocks run in these states (they pause while waiting on the enterprise).
WORKING_STATES = {RequestState.ASSIGNED, RequestState.IN_PROGRESS, RequestState.REOPENED}


class Rating(models.IntegerChoices):
    VERY_SATISFIED = 5, _("Very satisfied")
    SATISFIED = 4, _("Satisfied")
    BASICALLY_SATISFIED = 3, _("Basically satisfied")
    NOT_SATISFIED = 2, _("Not satisfied")
    VERY_DISSATISFIED = 1, _("Very dissatisfied")


SATISFIED_FROM = Rating.SATISFIED  # "satisfied %" counts ratings 4 and 5
REOPEN_BELOW = Rating.BASICALLY_SATISFIED  # ratings 1 and 2 reopen the request


class AssignmentRole(models.TextChoices):
    LEAD = "lead", _("Lead unit")
    ASSIST = "assist", _("Assisting unit")


class ObjectionState(models.TextChoices):
    NONE = "", _("None")
    RAISED = "raised", _("Objection raised")
    UPHELD = "upheld", _("Objection upheld")
    DISMISSED = "dismissed", _("Objection dismissed")


class ExtensionState(models.TextChoices):
    ASKED = "asked", _("Asked")
    APPROVED = "approved", _("Approved")
    REFUSED = "refused", _("Refused")


class EscalationLevel(models.IntegerChoices):
    NONE = 0, _("Not escalated")
    CADRE = 1, _("Service cadre")
    UNIT_HEAD = 2, _("Head of the lead unit")
    LEADER = 3, _("County leader in charge")
    MEETING = 4, _("Coordination meeting")
