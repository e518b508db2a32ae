"""Industry chains as data: chain → links (up to 4 levels), the dated rule that says when a link is
strong, weak or missing, and target lists for the gaps. Local firms are investor records
(investors.Investor with is_local), placed on links by chains.placement."""

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.company import company_code_key, company_name_key
from projects.credit_code import normalise_credit_code, validate_credit_code
from xianju_invest.text import validate_single_line

from .enums import ChainStrategy, LinkPosition, TargetSource

MAX_LINK_LEVEL = 4
# GB/T 4754-2017: a division (2 digits), group (3) or class (4), optionally after its section letter.
INDUSTRY_CODE = re.compile(r"^(?:[A-T])?\d{2,4}$")


def split_industry_codes(text):
    """ "C2770, 3581" → ["2770", "3581"]: section letters dropped, duplicates kept out, order kept."""
    codes = []
    for part in re.split(r"[\s,，、;；]+", (text or "").strip().upper()):
        if not part:
            continue
        if not INDUSTRY_CODE.match(part):
            raise ValidationError(
                _("“%(code)s” is not a GB/T 4754-2017 industry code (2 to 4 digits, e.g. 2770)."),
                params={"code": part},
                code="industry_code",
            )
        code = part.lstrip("ABCDEFGHIJKLMNOPQRST")
        if code not in codes:
            codes.append(code)
    return codes


def validate_industry_codes(text):
    split_industry_codes(text)


def validate_industry_code(text):
    if text and len(split_industry_codes(text)) != 1:
        raise ValidationError(_("Enter one industry code."), code="industry_code")


class IndustryChain(models.Model):
    # The projects, referrals and challenges refer to a chain by this code.
    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    platform = models.ForeignKey(
        "org.Unit",
        verbose_name=_("platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="industry_chains",
        limit_choices_to={"kind": "platform"},
    )
    strategy = models.CharField(_("strategy"), max_length=20, choices=ChainStrategy.choices, blank=True)
    chief = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("chain chief (链长)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chief_of_chains",
    )
    leader_firm = models.ForeignKey(
        "investors.Investor",
        verbose_name=_("chain leader firm (链主)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        limit_choices_to={"is_local": True},
    )
    task_force = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("task force"), blank=True, related_name="chain_task_forces"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("industry chain")
        verbose_name_plural = _("industry chains")
        ordering = ["order", "code"]
        permissions = [("manage_chains", _("Manage industry chains and target lists"))]

    def __str__(self):
        return self.name


class ChainLink(models.Model):
    chain = models.ForeignKey(
        IndustryChain, verbose_name=_("industry chain"), on_delete=models.CASCADE, related_name="links"
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent link"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    level = models.PositiveSmallIntegerField(_("level"), default=1, editable=False)
    position = models.CharField(_("position"), max_length=20, choices=LinkPosition.choices)
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    industry_codes = models.CharField(
        _("industry codes (GB/T 4754-2017)"),
        max_length=200,
        blank=True,
        validators=[validate_industry_codes],
        help_text=_("Divisions, groups or classes, separated by commas, e.g. 2770, 3581."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("chain link")
        verbose_name_plural = _("chain links")
        ordering = ["chain", "level", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "name"], name="chain_link_unique_name"),
            models.CheckConstraint(
                condition=Q(level__gte=1) & Q(level__lte=MAX_LINK_LEVEL), name="chain_link_level_1_to_4"
            ),
        ]

    def __str__(self):
        return f"{self.chain.name} · {self.name}"

    def save(self, *args, **kwargs):
        self.level = self.parent.level + 1 if self.parent_id else 1
        self.industry_codes = ", ".join(split_industry_codes(self.industry_codes))
        super().save(*args, **kwargs)

    def clean(self):
        if self.parent_id:
            if self.parent.chain_id != self.chain_id:
                raise ValidationError({"parent": _("The parent link belongs to another chain.")})
            if self.parent.level >= MAX_LINK_LEVEL:
                raise ValidationError({"parent": _("A chain has at most four levels of links.")})

    @property
    def codes(self):
        return split_industry_codes(self.industry_codes)


class LinkStatePolicy(models.Model):
    """The rule for a link's state, dated: the one in force is the latest effective on or before today."""

    effective_from = models.DateField(_("effective from"), unique=True)
    weak_below_firms = models.PositiveSmallIntegerField(
        _("weak below this many local firms"),
        default=3,
        help_text=_("A link with fewer local firms than this is weak."),
    )
    open_project_fills_gap = models.BooleanField(
        _("an open project keeps a link from missing"),
        default=True,
        help_text=_("If off, a link without local firms is missing whatever its projects."),
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("link state rule")
        verbose_name_plural = _("link state rules")
        ordering = ["-effective_from"]
        constraints = [
            models.CheckConstraint(condition=Q(weak_below_firms__gte=1), name="link_policy_weak_at_least_1")
        ]

    def __str__(self):
        return str(_("Link state rule from %(date)s") % {"date": self.effective_from})


class CompanyKeyed(models.Model):
    """A company as the ledger recognises it: credit code, else the normalised name (projects.company)."""

    name = models.CharField(_("company name"), max_length=200, validators=[validate_single_line])
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    name_key = models.CharField(_("company name key"), max_length=200, editable=False, db_index=True)
    code_key = models.CharField(_("company code key"), max_length=18, editable=False, blank=True)
    industry_code = models.CharField(
        _("industry code (GB/T 4754-2017)"), max_length=5, blank=True, validators=[validate_industry_code]
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.credit_code = normalise_credit_code(self.credit_code)
        self.name_key = company_name_key(self.name)
        self.code_key = company_code_key(self.credit_code)
        self.industry_code = "".join(split_industry_codes(self.industry_code)[:1])
        super().save(*args, **kwargs)


class TargetList(models.Model):
    name = models.CharField(_("list name"), max_length=200, validators=[validate_single_line])
    source = models.CharField(_("source"), max_length=20, choices=TargetSource.choices)
    chain = models.ForeignKey(
        IndustryChain, verbose_name=_("industry chain"), on_delete=models.PROTECT, related_name="target_lists"
    )
    file_name = models.CharField(_("file name"), max_length=255, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now_add=True)

    class Meta:
        verbose_name = _("target list")
        verbose_name_plural = _("target lists")
        ordering = ["-imported_at", "-pk"]

    def __str__(self):
        return self.name


class Target(CompanyKeyed):
    """A company we want on a weak or missing link; becomes a lead (a ledger project) in one step.

    The company is its investor record (客商库), found or created by the ledger's company rule on
    import; name and credit code here are the row as the list gave them."""

    investor = models.ForeignKey(
        "investors.Investor", verbose_name=_("investor"), on_delete=models.PROTECT, related_name="targets"
    )
    target_list = models.ForeignKey(
        TargetList, verbose_name=_("target list"), on_delete=models.CASCADE, related_name="targets"
    )
    chain_link = models.ForeignKey(
        ChainLink, verbose_name=_("chain link"), on_delete=models.PROTECT, related_name="targets"
    )
    reason = models.TextField(_("why it matches"), max_length=1000)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chain_targets",
    )
    contacted_on = models.DateField(_("first contacted on"), null=True, blank=True)
    project = models.OneToOneField(
        "projects.Project",
        verbose_name=_("lead"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="chain_target",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("target company")
        verbose_name_plural = _("target companies")
        ordering = ["chain_link", "name"]
        constraints = [
            models.UniqueConstraint(fields=["chain_link", "name_key"], name="target_unique_name_per_link"),
            models.UniqueConstraint(
                fields=["chain_link", "code_key"],
                condition=~Q(code_key=""),
                name="target_unique_code_per_link",
            ),
        ]

    def __str__(self):
        return self.name
