from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from chains.models import validate_industry_code
from xianju_invest import uploads
from xianju_invest.text import validate_single_line

from .company import company_name_key
from .credit_code import normalise_credit_code, validate_credit_code
from .enums import (
    TERMINAL_STATES,
    Category,
    DecisionOutcome,
    DocumentType,
    InvestorOrigin,
    ProjectKind,
    ProjectState,
    Source,
)
from .milestones import next_due_expression


def money(verbose_name, **kwargs):
    """Yuan, two decimal places; pages show 万元."""
    return models.DecimalField(verbose_name, max_digits=16, decimal_places=2, **kwargs)


class ProjectQuerySet(models.QuerySet):
    def active(self):
        return self.exclude(state__in=[ProjectState.EXITED, ProjectState.REJECTED])

    def in_state(self, *states):
        return self.filter(state__in=states)


# Ledger columns people sort by, with short names for their indexes.
SORTABLE_COLUMNS = {
    "name": "name",
    "investor_name": "investor",
    "state": "state",
    "total_investment": "total",
    "land_area": "land",
    "contract_date": "contract",
}

# Dates that must follow each other when both are known: (earlier, later).
DATE_ORDER = [
    ("planned_start_date", "planned_completion_date"),
    ("planned_completion_date", "planned_production_date"),
    ("planned_production_date", "planned_capacity_date"),
    ("contract_date", "actual_start_date"),
    ("actual_start_date", "actual_completion_date"),
    ("actual_completion_date", "actual_production_date"),
    ("actual_production_date", "actual_capacity_date"),
]


def _in_order(earlier, later):
    either_unknown = Q(**{f"{earlier}__isnull": True}) | Q(**{f"{later}__isnull": True})
    return either_unknown | Q(**{f"{earlier}__lte": F(later)})


class Project(models.Model):
    name = models.CharField(_("project name"), max_length=200, validators=[validate_single_line])
    state = models.CharField(
        _("state"), max_length=20, choices=ProjectState.choices, default=ProjectState.LEAD, db_index=True
    )

    kind = models.CharField(
        _("project kind"), max_length=20, choices=ProjectKind.choices, default=ProjectKind.NEW
    )
    # A confidential project shows its code name to whoever has no need to know (projects.confidential).
    confidential = models.BooleanField(_("confidential"), default=False)
    code_name = models.CharField(_("code name"), max_length=60, blank=True, validators=[validate_single_line])

    investor_name = models.CharField(_("investor"), max_length=200, validators=[validate_single_line])
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
    # To the chain's code, in the column that held the code before chains became data.
    industry_chain = models.ForeignKey(
        "chains.IndustryChain",
        verbose_name=_("industry chain"),
        to_field="code",
        db_column="industry_chain",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="projects",
    )
    industry_code = models.CharField(
        _("industry code (GB/T 4754-2017)"), max_length=5, blank=True, validators=[validate_industry_code]
    )
    chain_link = models.ForeignKey(
        "chains.ChainLink",
        verbose_name=_("chain link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="projects",
        db_index=False,  # project_link_state_idx starts with it
    )
    # Placed by industry code unless staff chose the link.
    chain_link_set_by_hand = models.BooleanField(_("chain link set by hand"), default=False)
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
    # Kept by the database from the state, the deadline and the planned dates (one definition:
    # `next_due_expression`); the lights compare it with today (projects.selectors).
    next_due = models.GeneratedField(
        expression=next_due_expression(),
        output_field=models.DateField(),
        db_persist=True,
        null=True,
        verbose_name=_("next due"),
    )
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
        indexes = [
            models.Index(fields=["investor_credit_code"], name="project_credit_code_idx"),
            # The ledger's default order, read from either end (see projects.pagination).
            models.Index(fields=["created_at", "id"], name="project_created_idx"),
            # The chain map counts a link's open projects from this index alone.
            models.Index(fields=["chain_link", "state"], name="project_link_state_idx"),
            # The ledger's sortable columns, each with the id as tie-breaker, read from either end.
            *[
                models.Index(fields=[column, "id"], name=f"project_sort_{short}_idx")
                for column, short in SORTABLE_COLUMNS.items()
            ],
            # The league table reads the starts and production starts of a period (contract dates
            # by the sort index above).
            models.Index(fields=["actual_start_date"], name="project_actual_start_idx"),
            models.Index(fields=["actual_production_date"], name="project_actual_prod_idx"),
            # A project's unit by its id from the index alone: the league table looks it up for each
            # intake row of a period (the unit a lead is scored to).
            models.Index(fields=["id", "responsible_unit"], name="project_id_unit_idx"),
            # The ledger sorted by the next due date, from either end; red lights and "due this week"
            # read a range of it.
            models.Index(fields=["next_due", "id"], name="project_sort_due_idx"),
        ]
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
                condition=Q(contracted_investment__isnull=True) | Q(contracted_investment__gte=0),
                name="project_contracted_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(fixed_asset_investment__lte=F("total_investment")),
                name="project_fai_within_total",
            ),
            *[
                models.CheckConstraint(
                    condition=_in_order(a, b),
                    name=f"project_{a.removesuffix('_date')}_before_{b.removesuffix('_date')}",
                )
                for a, b in DATE_ORDER
            ],
            models.CheckConstraint(
                condition=Q(equipment_investment__lte=F("fixed_asset_investment")),
                name="project_equipment_within_fai",
            ),
            models.CheckConstraint(
                condition=Q(confidential=False) | ~Q(code_name=""), name="project_confidential_has_code_name"
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
        if update_fields is None or {"industry_code", "industry_chain", "platform"} & set(update_fields):
            from chains.placement import place

            if place(self) and update_fields is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "chain_link", "industry_chain"}
        updating = not self._state.adding
        super().save(*args, **kwargs)
        if updating:
            # The database recomputed it; the next read of the attribute loads the new value.
            self.__dict__.pop("next_due", None)

    def name_for(self, user):
        """The name `user` may read: the code name of a confidential project without a need to know."""
        from .confidential import shown_name

        return shown_name(self, user)

    def clean(self):
        """The constraints' rules again, as field errors a form can show next to the field."""
        errors = {}
        if self.confidential and not (self.code_name or "").strip():
            errors["code_name"] = ValidationError(
                _("A confidential project needs a code name."), code="required"
            )
        if (
            self.chain_link_id
            and self.industry_chain_id
            and self.chain_link.chain.code != self.industry_chain_id
        ):
            errors["chain_link"] = ValidationError(
                _("This link belongs to another industry chain."), code="other_chain"
            )
        if (
            self.fixed_asset_investment is not None
            and self.total_investment is not None
            and self.fixed_asset_investment > self.total_investment
        ):
            errors["fixed_asset_investment"] = ValidationError(
                _("Fixed-asset investment cannot exceed the total investment."), code="exceeds"
            )
        if (
            self.equipment_investment is not None
            and self.fixed_asset_investment is not None
            and self.equipment_investment > self.fixed_asset_investment
        ):
            errors["equipment_investment"] = ValidationError(
                _("Equipment investment cannot exceed the fixed-asset investment."), code="exceeds"
            )
        for earlier, later in DATE_ORDER:
            a, b = getattr(self, earlier), getattr(self, later)
            if a and b and a > b and later not in errors:
                errors[later] = _("This date cannot be before the %(earlier)s.") % {
                    "earlier": self._meta.get_field(earlier).verbose_name
                }
        if errors:
            raise ValidationError(errors)

    @property
    def is_terminal(self):
        return self.state in TERMINAL_STATES


class TaskForce(models.Model):
    """The project's task force (专班): one per project, "one project, one team, to the end"."""

    project = models.OneToOneField(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="task_force"
    )
    lead = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("task force lead"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_task_forces",
    )
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("members"), blank=True, related_name="task_forces"
    )
    experts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("experts"), blank=True, related_name="expert_task_forces"
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("task force")
        verbose_name_plural = _("task forces")

    def __str__(self):
        return str(self.project)


def document_path(instance, filename):
    return f"projects/{instance.project_id}/{filename}"


def validate_upload(file):
    """The portal's one upload check (type by extension and by content, size): xianju_invest/uploads.py."""
    uploads.validate_upload(file)


class ProjectDocument(models.Model):
    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="documents"
    )
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    file = models.FileField(_("file"), upload_to=document_path, validators=[validate_upload])
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-id"]

    def __str__(self):
        return self.title


class DecisionRouteQuerySet(models.QuerySet):
    def for_land_area(self, land_area, on=None):
        """Routes in force on `on` whose band holds `land_area` (the latest version first)."""
        qs = self.filter(Q(area_above__isnull=True) | Q(area_above__lt=land_area)).filter(
            Q(area_up_to__isnull=True) | Q(area_up_to__gte=land_area)
        )
        if on is not None:
            qs = qs.filter(effective_from__lte=on)
        return qs.order_by("-effective_from", "-id")


class DecisionRoute(models.Model):
    """Decision routing by land area (domain §3), as data: a band of 亩 and the bodies that decide."""

    area_above = models.DecimalField(
        _("land area above (mu)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Exclusive lower bound; empty means from zero."),
    )
    area_up_to = models.DecimalField(
        _("land area up to (mu)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Inclusive upper bound; empty means no limit."),
    )
    bodies = models.ManyToManyField(
        "org.Unit",
        verbose_name=_("deciding bodies"),
        related_name="decision_routes",
        limit_choices_to={"kind": "leadership"},
    )
    effective_from = models.DateField(_("effective from"))
    note = models.CharField(_("note"), max_length=200, blank=True)

    objects = DecisionRouteQuerySet.as_manager()

    class Meta:
        verbose_name = _("decision route")
        verbose_name_plural = _("decision routes")
        ordering = ["-effective_from", "area_above"]
        constraints = [
            models.CheckConstraint(
                condition=Q(area_above__isnull=True)
                | Q(area_up_to__isnull=True)
                | Q(area_above__lt=F("area_up_to")),
                name="decision_route_band_in_order",
            )
        ]

    def __str__(self):
        low = self.area_above if self.area_above is not None else 0
        high = self.area_up_to if self.area_up_to is not None else "∞"
        return f"({low}, {high}] {_('mu')}"


class ProjectDecision(models.Model):
    """One required body's decision on a project; one row per (project, body)."""

    project = models.ForeignKey(
        Project, verbose_name=_("project"), on_delete=models.CASCADE, related_name="decisions"
    )
    body = models.ForeignKey(
        "org.Unit", verbose_name=_("deciding body"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("decision"), max_length=10, choices=DecisionOutcome.choices)
    decided_on = models.DateField(_("decided on"))
    note = models.TextField(_("note"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)

    class Meta:
        verbose_name = _("project decision")
        verbose_name_plural = _("project decisions")
        ordering = ["body__review_order", "body__code"]
        constraints = [
            models.UniqueConstraint(fields=["project", "body"], name="project_decision_once_per_body")
        ]

    def __str__(self):
        return f"{self.project} · {self.body}: {self.get_outcome_display()}"
