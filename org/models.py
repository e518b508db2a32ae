from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from xianju_invest.text import validate_single_line

from .enums import Role, TownshipKind, UnitKind


class Unit(models.Model):
    """An organisation the portal knows: the centre, a department, a platform, a township..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=100, unique=True, validators=[validate_single_line])
    short_name = models.CharField(
        _("short name"), max_length=20, blank=True, validators=[validate_single_line]
    )
    kind = models.CharField(_("kind"), max_length=20, choices=UnitKind.choices, db_index=True)
    township_kind = models.CharField(
        _("township kind"), max_length=20, choices=TownshipKind.choices, blank=True
    )
    # One of the 8 fixed "8+X" review departments; the administrator may change the list.
    is_fixed_reviewer = models.BooleanField(_("fixed pre-review department"), default=False)
    review_order = models.PositiveSmallIntegerField(_("review order"), default=0)
    head = models.ForeignKey(
        "org.User",
        verbose_name=_("unit head"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="headed_units",
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "review_order", "code"]
        permissions = [
            ("manage_pipeline", _("Manage the project pipeline")),
            ("sign_review", _("Sign pre-review opinions for own unit")),
            ("decide", _("Record decisions")),
            ("view_all", _("Read everything")),
            ("triage_referrals", _("Triage public referrals")),
            ("approve_rewards", _("Approve rewards")),
            ("administer", _("Administer the portal")),
        ]

    def __str__(self):
        return self.short_name or self.name

    @property
    def display_name(self):
        return self.name


class User(AbstractUser):
    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    mobile = models.CharField(_("mobile"), max_length=20, blank=True)
    first_name = models.CharField(
        _("first name"), max_length=150, blank=True, validators=[validate_single_line]
    )
    last_name = models.CharField(
        _("last name"), max_length=150, blank=True, validators=[validate_single_line]
    )

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self):
        full = f"{self.last_name}{self.first_name}".strip()
        return full or self.username

    @property
    def roles(self):
        names = {g.name for g in self.groups.all()}
        return [r for r in Role if r.value in names]

    def has_role(self, role):
        return self.groups.filter(name=role).exists()
