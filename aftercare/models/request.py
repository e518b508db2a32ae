"""Enterprise requests (诉求) after landing: the request, its units, pauses, extensions, files."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.enums import ProjectState
from xianju_invest import uploads
from xianju_invest.text import validate_single_line

from ..enums import (
    CLOSED_STATES,
    AssignmentRole,
    Channel,
    Complexity,
    EscalationLevel,
    ExtensionState,
    ObjectionState,
    Rating,
    RequestCategory,
    RequestState,
    Urgency,
)

# Milestones a request may block: the ones after signing.
MILESTONES = [
    (s.value, s.label)
    for s in (
        ProjectState.LAND_SUPPLIED,
        ProjectState.STARTED,
        ProjectState.COMPLETED,
        ProjectState.IN_PRODUCTION,
        ProjectState.AT_CAPACITY,
    )
]


class EnterpriseAccount(models.Model):
    """An enterprise login bound to a company: it sees the projects whose investor key is its own."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="enterprise"
    )
    company_name = models.CharField(_("company"), max_length=200, validators=[validate_single_line])
    # projects.Project.investor_key: the ledger's normalised company name.
    company_key = models.CharField(_("company key"), max_length=200, db_index=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("enterprise account")
        verbose_name_plural = _("enterprise accounts")

    def __str__(self):
        return self.company_name


class ProjectDeputy(models.Model):
    """The deputy of a project's service cadre (the cadre itself is projects.Project.service_cadre)."""

    project = models.OneToOneField(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="cadre_deputy"
    )
    deputy = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("deputy cadre"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("deputy service cadre")
        verbose_name_plural = _("deputy service cadres")

    def __str__(self):
        return str(self.deputy)


def served_project_ids(user):
    """The ids of the projects `user` serves as service cadre or deputy: a UNION of two indexed
    look-ups (an OR across the deputy join reads every project)."""
    from projects.models import Project

    return (
        Project.objects.filter(service_cadre=user)
        .order_by()
        .values("pk")
        .union(ProjectDeputy.objects.filter(deputy=user).order_by().values("project_id"))
    )


class ServiceRequestQuerySet(models.QuerySet):
    def open(self):
        return self.exclude(state__in=CLOSED_STATES)

    def for_user(self, user):
        """The one permission filter: the centre and leaders see all, an enterprise its own, a unit
        those assigned to it, a service cadre those of the projects it serves."""
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("org.view_all"):
            return self
        if user.has_perm("aftercare.file_request") and hasattr(user, "enterprise"):
            return self.filter(company_key=user.enterprise.company_key)
        # Each part one indexed read, hashed once: the projects the user serves (a UNION of the
        # cadre and the deputy look-ups, where an OR across the deputy join read every project) and
        # the requests assigned to the user's unit. The list walks the (filed_on, id) index and
        # stops at its page; per-row EXISTS probes measured twice as slow (docs/performance.md).
        mine = Q(project_id__in=served_project_ids(user))
        if user.unit_id is not None:
            assigned = RequestAssignment.objects.filter(unit_id=user.unit_id, active=True).order_by()
            mine |= Q(pk__in=assigned.values("request_id"))
        return self.filter(mine)


class ServiceRequest(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="service_requests",
    )
    # The project's investor key when filed: an enterprise's requests are one indexed look-up.
    company_key = models.CharField(_("company key"), max_length=200, editable=False)
    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    category = models.CharField(_("category"), max_length=20, choices=RequestCategory.choices)
    description = models.TextField(_("description"))
    blocks_milestone = models.CharField(
        _("milestone it blocks"), max_length=20, choices=MILESTONES, blank=True
    )
    urgency = models.CharField(_("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.NORMAL)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ONLINE)
    state = models.CharField(
        _("state"), max_length=20, choices=RequestState.choices, default=RequestState.SUBMITTED
    )
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("filed by"), on_delete=models.PROTECT, related_name="+"
    )
    filed_on = models.DateField(_("filed on"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    # Routing and clocks (working days of the policy in force on the routing date).
    lead_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("lead unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    policy = models.ForeignKey(
        "aftercare.ClockPolicy",
        verbose_name=_("clock policy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
    )
    complexity = models.CharField(
        _("complexity"), max_length=10, choices=Complexity.choices, default=Complexity.GENERAL
    )
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    contact_due = models.DateField(_("contact due"), null=True, blank=True)
    contacted_on = models.DateField(_("contacted on"), null=True, blank=True)
    reply_due = models.DateField(_("stage reply due"), null=True, blank=True)
    replied_on = models.DateField(_("stage reply on"), null=True, blank=True)
    close_due = models.DateField(_("close due"), null=True, blank=True)
    proposed_on = models.DateField(_("resolution proposed on"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    paused_since = models.DateField(_("paused since"), null=True, blank=True)
    escalation_level = models.PositiveSmallIntegerField(
        _("escalation level"), choices=EscalationLevel.choices, default=EscalationLevel.NONE
    )
    on_agenda = models.BooleanField(_("on the coordination meeting's agenda"), default=False)

    # Closing: the enterprise's word.
    resolution = models.TextField(_("resolution"), blank=True)
    rating = models.PositiveSmallIntegerField(_("rating"), choices=Rating.choices, null=True, blank=True)
    rating_comment = models.TextField(_("comment on the resolution"), blank=True)
    reopen_count = models.PositiveSmallIntegerField(_("times reopened"), default=0)
    callback_due = models.DateField(_("call-back due"), null=True, blank=True)
    called_back_on = models.DateField(_("called back on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("withdrawal reason"), blank=True)
    resume_state = models.CharField(
        _("state to resume"), max_length=20, choices=RequestState.choices, blank=True
    )

    # Published answer (anonymised), searchable by staff and enterprises.
    published = models.BooleanField(_("published"), default=False)
    public_question = models.TextField(_("published question"), blank=True)
    public_answer = models.TextField(_("published answer"), blank=True)

    objects = ServiceRequestQuerySet.as_manager()

    class Meta:
        verbose_name = _("enterprise request")
        verbose_name_plural = _("enterprise requests")
        ordering = ["-filed_on", "-id"]
        permissions = [
            ("file_request", _("File enterprise requests")),
            ("route_request", _("Route enterprise requests")),
            ("handle_request", _("Handle enterprise requests for own unit")),
        ]
        indexes = [
            models.Index(fields=["company_key", "filed_on", "id"], name="aftercare_company_idx"),
            models.Index(fields=["filed_on", "id"], name="aftercare_filed_idx"),
            models.Index(fields=["lead_unit", "assigned_on"], name="aftercare_unit_month_idx"),
            # A state's list in the lists' order; its prefix serves the counts and sweeps by state.
            models.Index(fields=["state", "filed_on", "id"], name="aftercare_state_filed_idx"),
            # The figures of a period by unit (selectors.unit_period_figures, the board's enterprise
            # rule) read from the index alone: the assignment date, then every column they test.
            models.Index(
                fields=[
                    "assigned_on",
                    "lead_unit",
                    "state",
                    "rating",
                    "contact_due",
                    "contacted_on",
                    "reply_due",
                    "replied_on",
                    "close_due",
                    "proposed_on",
                    "callback_due",
                    "called_back_on",
                ],
                name="aftercare_assigned_figures_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__gte=1, rating__lte=5),
                name="aftercare_rating_1_5",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_closed(self):
        return self.state in CLOSED_STATES

    def open_dues(self):
        """The clocks still running: (field name, due date)."""
        found = []
        if self.contact_due and not self.contacted_on:
            found.append(("contact_due", self.contact_due))
        if self.reply_due and not self.replied_on:
            found.append(("reply_due", self.reply_due))
        if self.close_due and not self.proposed_on:
            found.append(("close_due", self.close_due))
        return found


def attachment_path(instance, filename):
    return f"aftercare/{instance.request_id}/{filename}"


def validate_upload(file):
    uploads.validate_upload(file)


class RequestAttachment(models.Model):
    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, validators=[validate_upload])
    is_evidence = models.BooleanField(_("evidence of the resolution"), default=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("request attachment")
        verbose_name_plural = _("request attachments")

    def __str__(self):
        return self.file.name


class RequestAssignment(models.Model):
    """A unit on a request: the lead unit (主办) or an assisting unit (协办), with its objection."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    role = models.CharField(_("role"), max_length=10, choices=AssignmentRole.choices)
    assigned_on = models.DateField(_("assigned on"))
    objection_due = models.DateField(_("object by"))
    objection_state = models.CharField(
        _("objection"), max_length=10, choices=ObjectionState.choices, blank=True, default=ObjectionState.NONE
    )
    objection_reason = models.TextField(_("objection reason"), blank=True)
    # Assisting units answer the lead unit on their own clock.
    answer_due = models.DateField(_("answer due"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer = models.TextField(_("answer to the lead unit"), blank=True)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("request assignment")
        verbose_name_plural = _("request assignments")
        ordering = ["role", "id"]
        indexes = [models.Index(fields=["unit", "active", "request"], name="aftercare_assign_unit_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["request", "unit"], condition=Q(active=True), name="aftercare_one_active_per_unit"
            ),
            models.UniqueConstraint(
                fields=["request"],
                condition=Q(active=True, role=AssignmentRole.LEAD),
                name="aftercare_one_active_lead",
            ),
        ]

    def __str__(self):
        return f"{self.unit} ({self.get_role_display()})"


class RequestPause(models.Model):
    """The clock stopped while waiting on the enterprise, with the reason."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="pauses")
    started_on = models.DateField(_("paused on"))
    ended_on = models.DateField(_("resumed on"), null=True, blank=True)
    reason = models.TextField(_("reason"))
    workdays = models.PositiveSmallIntegerField(_("working days paused"), default=0)

    class Meta:
        verbose_name = _("clock pause")
        verbose_name_plural = _("clock pauses")
        ordering = ["started_on", "id"]

    def __str__(self):
        return f"{self.started_on}–{self.ended_on or ''}"


class RequestExtension(models.Model):
    """A later close date asked by the lead unit and decided by the centre."""

    request = models.ForeignKey(ServiceRequest, on_delete=models.CASCADE, related_name="extensions")
    asked_on = models.DateField(_("asked on"))
    old_due = models.DateField(_("due before"))
    new_due = models.DateField(_("new due date"))
    reason = models.TextField(_("reason"))
    state = models.CharField(
        _("state"), max_length=10, choices=ExtensionState.choices, default=ExtensionState.ASKED
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        ordering = ["asked_on", "id"]

    def __str__(self):
        return f"{self.old_due} → {self.new_due}"
