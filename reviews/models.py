from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.enums import Category
from xianju_invest.text import validate_single_line

from . import permissions as can
from .enums import ConclusionKind, Outcome, RoundState, Verdict


def _amount(verbose_name, **kwargs):
    return models.DecimalField(verbose_name, max_digits=12, decimal_places=2, null=True, blank=True, **kwargs)


class ReviewSettings(models.Model):
    """Pre-review parameters the administrator edits in the admin (one row)."""

    opinion_workdays = models.PositiveSmallIntegerField(
        _("working days to sign an opinion"),
        default=5,
        help_text=_("Default deadline of each opinion, in working days on the Chinese calendar."),
    )
    due_soon_workdays = models.PositiveSmallIntegerField(
        _("'due soon' light, working days before the deadline"), default=2
    )

    class Meta:
        verbose_name = _("pre-review settings")
        verbose_name_plural = _("pre-review settings")

    def __str__(self):
        return str(_("Pre-review settings"))

    @classmethod
    def load(cls):
        """The row (created on first use), kept in `caches.review_settings`, which its save moves."""
        from .caches import review_settings

        return review_settings.get_or_set("row", lambda: cls.objects.get_or_create(pk=1)[0])


class EntryThreshold(models.Model):
    """The entry threshold (准入门槛) fields, in 万元 per 亩; a policy's defaults and a round's own."""

    min_investment_intensity = _amount(_("minimum fixed-asset investment (10k yuan per mu)"))
    min_tax_per_mu = _amount(_("minimum annual tax at capacity (10k yuan per mu)"))
    max_energy_per_output = models.DecimalField(
        _("maximum energy use (tce per 10k yuan of output)"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
    )
    environmental_limits = models.TextField(_("environmental limits"), blank=True)

    class Meta:
        abstract = True


class ThresholdPolicy(EntryThreshold):
    """Default entry thresholds (准入门槛), dated; a round copies the one in force when it opens."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    effective_from = models.DateField(_("effective from"))
    category = models.CharField(
        _("project category"),
        max_length=20,
        choices=Category.choices,
        blank=True,
        help_text=_("Leave empty to apply to every category."),
    )
    platform = models.ForeignKey(
        "org.Unit",
        verbose_name=_("platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "platform"},
        help_text=_("Leave empty to apply to every platform."),
    )

    class Meta:
        verbose_name = _("entry threshold policy")
        verbose_name_plural = _("entry threshold policies")
        ordering = ["-effective_from", "id"]

    def __str__(self):
        return f"{self.name} ({self.effective_from})"


class ReviewRoundQuerySet(models.QuerySet):
    def open(self):
        return self.filter(state=RoundState.OPEN)

    def concluded(self):
        return self.filter(state=RoundState.CONCLUDED)

    def visible_to(self, user):
        """Staff and leaders see every round; reviewers and experts only rounds they are invited to."""
        if can.can_see_every_opinion(user):
            return self
        return self.filter(pk__in=ReviewOpinion.objects.visible_to(user).values("round_id"))


class ReviewRound(EntryThreshold):
    """One "8+X" pre-review of a project: one opinion per reviewer unit, then one conclusion."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.PROTECT, related_name="review_rounds"
    )
    convener = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("convener"), on_delete=models.PROTECT, related_name="+"
    )
    state = models.CharField(_("state"), max_length=20, choices=RoundState.choices, default=RoundState.OPEN)
    opened_at = models.DateTimeField(_("opened at"), auto_now_add=True)
    opened_on = models.DateField(_("opened on"))
    note = models.TextField(_("note to reviewers"), blank=True)
    # The project's platform sits on the round by default ("个性化" reviewer); the convener may leave
    # it out, and the reason goes into the minutes.
    platform_left_out_reason = models.TextField(_("why the project's platform does not review"), blank=True)

    # The project's own figure, compared with max_energy_per_output of the threshold.
    project_energy_per_output = models.DecimalField(
        _("project's declared energy use (tce per 10k yuan of output)"),
        max_digits=10,
        decimal_places=4,
        null=True,
        blank=True,
    )

    # What flows back to the project on a pass.
    responsible_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("responsible unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    project_deadline = models.DateField(_("deadline for the project"), null=True, blank=True)

    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices, blank=True)
    conclusion_kind = models.CharField(
        _("how it concluded"), max_length=20, choices=ConclusionKind.choices, blank=True
    )
    conclusion_reason = models.TextField(_("reason for closing"), blank=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    concluded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("concluded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Set when the conclusion could not move the project (e.g. it had already left pre-review).
    transition_problem = models.TextField(_("project not moved because"), blank=True)

    objects = ReviewRoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("review round")
        verbose_name_plural = _("review rounds")
        ordering = ["-opened_at", "-id"]
        # The rounds list (open first, newest first) walks it backwards and stops at the page.
        indexes = [models.Index(fields=["state", "opened_at", "id"], name="review_round_list_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["project"], condition=Q(state="open"), name="review_one_open_round_per_project"
            ),
            models.CheckConstraint(
                condition=(Q(state="open") & Q(outcome="") & Q(concluded_at__isnull=True))
                | (Q(state="concluded") & ~Q(outcome="") & Q(concluded_at__isnull=False)),
                name="review_round_outcome_iff_concluded",
            ),
        ]

    def __str__(self):
        return str(_("Pre-review of %(project)s") % {"project": self.project})

    @property
    def is_open(self):
        return self.state == RoundState.OPEN


class ReviewOpinionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Opinions this user may sign: their unit's, and for named invitees only their own."""
        if user.unit_id is None:
            return self.none()
        return self.filter(unit_id=user.unit_id).filter(Q(invitee__isnull=True) | Q(invitee=user))

    def visible_to(self, user):
        """The opinions pages and API show this user: staff and leaders every one; a reviewer or an
        expert only those they may sign (never another unit's verdict, reasons or signer)."""
        if can.can_see_every_opinion(user):
            return self
        if not user.has_perm("org.sign_review"):
            return self.none()
        return self.for_user(user)

    def pending(self):
        return self.filter(verdict="")


class ReviewOpinion(models.Model):
    """One reviewer unit's opinion in one round, with its own deadline; revisions live in versions."""

    round = models.ForeignKey(
        ReviewRound, verbose_name=_("round"), on_delete=models.CASCADE, related_name="opinions"
    )
    unit = models.ForeignKey(
        "org.Unit", verbose_name=_("reviewer unit"), on_delete=models.PROTECT, related_name="+"
    )
    # For experts and third parties: the invited person; only they see and sign it.
    invitee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    is_fixed = models.BooleanField(_("fixed department"), default=False)
    required = models.BooleanField(_("required"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    due = models.DateField(_("deadline"), db_index=True)

    verdict = models.CharField(_("opinion"), max_length=20, choices=Verdict.choices, blank=True)
    reason = models.TextField(_("reasons"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("signed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=0)

    objects = ReviewOpinionQuerySet.as_manager()

    class Meta:
        verbose_name = _("review opinion")
        verbose_name_plural = _("review opinions")
        ordering = ["round", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "unit"], name="review_one_opinion_per_unit"),
            models.CheckConstraint(
                condition=Q(verdict="") | Q(verdict="agree") | ~Q(reason=""),
                name="review_opinion_reason_unless_agree",
            ),
            models.CheckConstraint(
                condition=~Q(verdict="conditional") | ~Q(conditions=""),
                name="review_opinion_conditions_when_conditional",
            ),
        ]
        indexes = [models.Index(fields=["unit", "verdict", "due"], name="review_opinion_inbox_idx")]

    def __str__(self):
        return f"{self.unit} · {self.round}"

    @property
    def is_signed(self):
        return bool(self.verdict)


class OpinionVersion(models.Model):
    """Every signature or revision of an opinion, kept as it was."""

    opinion = models.ForeignKey(ReviewOpinion, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    verdict = models.CharField(_("opinion"), max_length=20, choices=Verdict.choices)
    reason = models.TextField(_("reasons"), blank=True)
    conditions = models.TextField(_("conditions"), blank=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("signed by"), on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(_("signed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("opinion version")
        verbose_name_plural = _("opinion versions")
        ordering = ["opinion", "number"]
        constraints = [models.UniqueConstraint(fields=["opinion", "number"], name="review_version_unique")]

    def __str__(self):
        return f"{self.opinion} v{self.number}"


def _attachment_path(instance, filename):
    return f"reviews/{instance.version.opinion.round_id}/{instance.version.opinion_id}/{filename}"


class OpinionAttachment(models.Model):
    version = models.ForeignKey(OpinionVersion, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=_attachment_path, max_length=300)
    name = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size"))

    class Meta:
        verbose_name = _("opinion attachment")
        verbose_name_plural = _("opinion attachments")
        ordering = ["id"]

    def __str__(self):
        return self.name


class ReviewMinutes(models.Model):
    """The minutes (会议纪要) of a concluded round: exactly one per round."""

    round = models.OneToOneField(ReviewRound, on_delete=models.CASCADE, related_name="minutes")
    number = models.CharField(_("number"), max_length=40, unique=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")
        ordering = ["-created_at"]

    def __str__(self):
        return self.number
