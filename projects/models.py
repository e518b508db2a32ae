from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from .company import company_name_key
from .credit_code import normalise_credit_code, validate_credit_code
from .enums import Category, ChainLink, IndustryChain, InvestorOrigin, ProjectState, Source


def money(verbose_name, **kwargs):
    """Yuan, two decimal places; pages show 万元."""
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(state__in=[ProjectState.EXITED, ProjectState.REJECTED])

    def in_state(self, *states):
        return self.filter(state__in=states)


class Project(models.Model):
    name = models.CharField(_("project name"), max_length=200)
    state = models.CharField(
        _("state"), max_length=20, choices=ProjectState.choices, default=ProjectState.LEAD, db_index=True
    )

    investor_name = models.CharField(_("investor"), max_length=200)
    investor_credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    # Normalised investor name (projects.company), kept by save(); the key for first-report checks.
    investor_key = models.CharField(
        _("investor key"), max_length=200, db_index=True, editable=False, default=""
    )
    investor_origin = models.CharField(
        _("investor origin"), max_length=20, choices=InvestorOrigin.choices, default=InvestorOrigin.OUTSIDE
    )
    is_fortune500 = models.BooleanField(_("Fortune 500 investor"), default=False)

    platform = models.ForeignKey(
        "org.Unit",
        verbose_name=_("platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_projects",
        limit_choices_to={"kind": "platform"},
    )
    industry_chain = models.CharField(
        _("industry chain"), max_length=30, choices=IndustryChain.choices, default=IndustryChain.OTHER
    )
    chain_link = models.CharField(_("chain link"), max_length=20, choices=ChainLink.choices, blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=Category.choices, default=Category.INDUSTRIAL
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices, default=Source.BUSINESS)

    total_investment = money(_("total investment"), default=0)
    fixed_asset_investment = money(_("fixed-asset investment"), default=0)
    equipment_investment = money(_("productive equipment investment"), default=0)
    contracted_investment = money(_("contracted investment"), null=True, blank=True)
    funds_received = money(_("funds actually received"), default=0)
    land_area = models.DecimalField(_("land area (mu)"), max_digits=10, decimal_places=2, default=0)
    expected_output = money(_("expected annual output"), default=0)
    expected_tax = money(_("expected annual tax"), default=0)

    planned_signing_date = models.DateField(_("planned signing date"), null=True, blank=True)
    planned_start_date = models.DateField(_("planned start date"), null=True, blank=True)
    planned_completion_date = models.DateField(_("planned completion date"), null=True, blank=True)
    planned_production_date = models.DateField(_("planned production date"), null=True, blank=True)
    planned_capacity_date = models.DateField(_("planned capacity date"), null=True, blank=True)
    contract_date = models.DateField(_("contract date"), null=True, blank=True)
    land_supplied_date = models.DateField(_("land supply date"), null=True, blank=True)
    actual_start_date = models.DateField(_("actual start date"), null=True, blank=True)
    actual_completion_date = models.DateField(_("actual completion date"), null=True, blank=True)
    actual_production_date = models.DateField(_("actual production date"), null=True, blank=True)
    actual_capacity_date = models.DateField(_("actual capacity date"), null=True, blank=True)

    responsible_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responsible_projects",
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)
    service_cadre = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("service cadre"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="served_projects",
    )
    exit_reason = models.TextField(_("exit reason"), blank=True)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["investor_credit_code"], name="project_credit_code_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(total_investment__gte=0)
                & Q(fixed_asset_investment__gte=0)
                & Q(equipment_investment__gte=0)
                & Q(funds_received__gte=0)
                & Q(land_area__gte=0)
                & Q(expected_output__gte=0)
                & Q(expected_tax__gte=0),
                name="project_amounts_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fixed_asset_investment__lte=F("total_investment")),
                name="project_fai_within_total",
            ),
            models.CheckConstraint(
                condition=Q(equipment_investment__lte=F("fixed_asset_investment")),
                name="project_equipment_within_fai",
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.investor_credit_code = normalise_credit_code(self.investor_credit_code)
        self.investor_key = company_name_key(self.investor_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "investor_name" in update_fields:
            kwargs["update_fields"] = {*update_fields, "investor_key"}
        super().save(*args, **kwargs)
