from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitKind(models.TextChoices):
    PROMOTION_CENTRE = "promotion_centre", _("Promotion centre")
    DEPARTMENT = "department", _("Review department")
    PLATFORM = "platform", _("Platform")
    TOWNSHIP = "township", _("Township")
    LEADERSHIP = "leadership", _("Leadership")
    EXPERT = "expert", _("Expert / third party")


class TownshipKind(models.TextChoices):
    SUBDISTRICT = "subdistrict", _("Subdistrict")
    TOWN = "town", _("Town")
    TOWNSHIP = "township", _("Township")


class Role(models.TextChoices):
    """Each role is a Django group holding the permissions listed in org.roles."""

    PROMOTION_STAFF = "promotion_staff", _("Promotion staff")
    DEPARTMENT_REVIEWER = "department_reviewer", _("Department reviewer")
    PLATFORM_REVIEWER = "platform_reviewer", _("Platform reviewer")
    EXPERT = "expert", _("Expert")
    LEADER = "leader", _("Leader")
    FINANCE = "finance", _("Finance")
    ADMINISTRATOR = "administrator", _("Administrator")
    ENTERPRISE = "enterprise", _("Enterprise")
