from django.db import models
from django.utils.translation import gettext_lazy as _


class ProjectState(models.TextChoices):
    LEAD = "lead", _("Lead")
    INTAKE = "intake", _("Intake")
    ASSESSMENT = "assessment", _("Assessment")
    PRE_REVIEW = "pre_review", _("8+X pre-review")
    DECISION = "decision", _("Decision")
    SIGNED = "signed", _("Signed")
    LAND_SUPPLIED = "land_supplied", _("Land supplied")
    STARTED = "started", _("Construction started")
    COMPLETED = "completed", _("Completed")
    IN_PRODUCTION = "in_production", _("In production")
    AT_CAPACITY = "at_capacity", _("At capacity")
    ASSESSED = "assessed", _("Assessed")
    EXITED = "exited", _("Exited")
    REJECTED = "rejected", _("Rejected")


# The main line, in order; `exited` and `rejected` are side exits.
PIPELINE = [
    ProjectState.LEAD,
    ProjectState.INTAKE,
    ProjectState.ASSESSMENT,
    ProjectState.PRE_REVIEW,
    ProjectState.DECISION,
    ProjectState.SIGNED,
    ProjectState.LAND_SUPPLIED,
    ProjectState.STARTED,
    ProjectState.COMPLETED,
    ProjectState.IN_PRODUCTION,
    ProjectState.AT_CAPACITY,
    ProjectState.ASSESSED,
]
TERMINAL_STATES = {ProjectState.ASSESSED, ProjectState.EXITED, ProjectState.REJECTED}
# States at or past signing: the denominator of the performance rate.
SIGNED_STATES = PIPELINE[PIPELINE.index(ProjectState.SIGNED) :]


class InvestorOrigin(models.TextChoices):
    OUTSIDE = "outside", _("Outside the county")
    LOCAL = "local", _("Local (bringing an outside partner)")
    FOREIGN = "foreign", _("Foreign")


class ProjectKind(models.TextChoices):
    """A new investment, or a landed company's expansion (增资扩产); both count alike in rates and scores."""

    NEW = "new", _("New investment")
    EXPANSION = "expansion", _("Expansion of a landed company")


class Category(models.TextChoices):
    INDUSTRIAL = "industrial", _("Industrial")
    SERVICE = "service", _("Service")
    AGRICULTURE = "agriculture", _("Agriculture")
    CULTURE_TOURISM = "culture_tourism", _("Culture and tourism")


class Source(models.TextChoices):
    FUND = "fund", _("Fund-led promotion")
    INDUSTRIAL_PARK = "industrial_park", _("Industrial-park promotion")
    HOMETOWN = "hometown", _("Hometown entrepreneurs")
    BUSINESS = "business", _("Business brings business")
    RESIDENT = "resident", _("Resident promotion offices")
    ONLINE = "online", _("Online promotion")
    REFERRAL = "referral", _("Public referral")
    CHAIN = "chain", _("Chain-targeted promotion")


class Light(models.TextChoices):
    GREEN = "green", _("On track")
    YELLOW = "yellow", _("Due soon")
    RED = "red", _("Overdue")


class DocumentType(models.TextChoices):
    AGREEMENT = "agreement", _("Investment agreement")
    FEASIBILITY = "feasibility", _("Feasibility study")
    MINUTES = "minutes", _("Meeting minutes")
    LAND = "land", _("Land documents")
    LICENSE = "license", _("Business licence")
    PERMIT = "permit", _("Permits and approvals")
    PHOTO = "photo", _("Site photos")
    OTHER = "other", _("Other")


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("Approved")
    REJECTED = "rejected", _("Not approved")
