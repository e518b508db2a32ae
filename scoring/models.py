from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.enums import Category
from xianju_invest.text import validate_single_line

from .enums import ChallengeState, PeriodKind, ScoringGroup, Tier


def points_field(verbose_name, default=0, **kwargs):
    return models.DecimalField(verbose_name, max_digits=8, decimal_places=2, default=default, **kwargs)


def percent_field(verbose_name, default=100, **kwargs):
    return models.DecimalField(
        verbose_name,
        max_digits=5,
        decimal_places=2,
        default=default,
        validators=[MinValueValidator(Decimal("0.01")), MaxValueValidator(Decimal("100"))],
        **kwargs,
    )


class ScoringPolicyQuerySet(models.QuerySet):
    def in_force_on(self, day):
        return self.filter(effective_from__lte=day).order_by("-effective_from").first()

    def for_span(self, start, end):
        """Versions in force on some day of [start, end], oldest first (a handful of rows)."""
        candidates = self.filter(effective_from__lte=end).prefetch_related("size_classes", "category_weights")
        versions = []
        for policy in candidates.order_by("-effective_from"):
            versions.append(policy)
            if policy.effective_from <= start:
                break
        return versions[::-1]


class ScoringPolicy(models.Model):
    """One version of the league-table rules (domain §5), in force from its date until the next."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    effective_from = models.DateField(_("effective from"), unique=True)
    started_on_time = points_field(_("started on time"), 5)
    started_late = points_field(_("started late"), -2)
    production_started = points_field(_("production started"), 10)
    fortune500 = points_field(_("Fortune-500 investor"), 10)
    foreign_investor = points_field(_("foreign investor"), 2)
    exited_after_signing = points_field(_("exited after signing"), -3)
    false_information = points_field(_("false information (suggested adjustment)"), -10)
    lead = points_field(_("valid lead"), Decimal("0.5"))
    lead_cap = models.PositiveSmallIntegerField(_("leads counted per unit and period"), default=10)
    tier_a_percent = percent_field(_("tier A: top share of the group (%)"), 20)
    tier_b_percent = percent_field(_("tier B: top share of the group (%)"), 70)
    lift_investment = models.DecimalField(
        _("a signing of at least this total investment (yuan) lifts one tier"),
        max_digits=16,
        decimal_places=2,
        default=Decimal("1000000000"),
    )
    bundle_share_percent = percent_field(_("bundle share of the other members' points (%)"), 100)
    # Enterprise service (issue 15): the lead unit's enterprise-request figures of the period.
    request_overdue = points_field(_("per enterprise request overdue"), -1)
    request_satisfied = points_field(_("satisfied share of enterprise requests met"), 2)
    request_satisfied_percent = percent_field(_("satisfied share to meet (%)"), 90)
    request_min_rated = models.PositiveSmallIntegerField(
        _("rated requests needed before the satisfied share counts"), default=3
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ScoringPolicyQuerySet.as_manager()

    class Meta:
        verbose_name = _("scoring policy version")
        verbose_name_plural = _("scoring policy versions")
        ordering = ["-effective_from"]
        permissions = [("manage_scoring", _("Manage unit scoring: adjustments, bundles, challenges"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(tier_a_percent__lte=models.F("tier_b_percent")), name="scoring_tiers_in_order"
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.effective_from:%Y-%m-%d}）"


class SizeClass(models.Model):
    """分类赋分: a signing of at least `min_investment` yuan scores `points` (the highest class met)."""

    policy = models.ForeignKey(ScoringPolicy, on_delete=models.CASCADE, related_name="size_classes")
    min_investment = models.DecimalField(_("total investment from (yuan)"), max_digits=16, decimal_places=2)
    points = points_field(_("points"))

    class Meta:
        verbose_name = _("size class")
        verbose_name_plural = _("size classes")
        ordering = ["-min_investment"]
        constraints = [
            models.UniqueConstraint(fields=["policy", "min_investment"], name="scoring_size_class_once")
        ]

    def __str__(self):
        return f"≥ {self.min_investment:,.0f}: {self.points}"


class CategoryWeight(models.Model):
    policy = models.ForeignKey(ScoringPolicy, on_delete=models.CASCADE, related_name="category_weights")
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    weight = models.DecimalField(_("weight"), max_digits=4, decimal_places=2)

    class Meta:
        verbose_name = _("category weight")
        verbose_name_plural = _("category weights")
        constraints = [models.UniqueConstraint(fields=["policy", "category"], name="scoring_weight_once")]

    def __str__(self):
        return f"{self.get_category_display()} × {self.weight}"


class ProjectCredit(models.Model):
    """A declared share of a project's points; a project without any goes 100% to its responsible unit."""

    project = models.ForeignKey("projects.Project", on_delete=models.CASCADE, related_name="score_credits")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    share_percent = percent_field(_("share (%)"))

    class Meta:
        verbose_name = _("credited unit")
        verbose_name_plural = _("credited units")
        constraints = [models.UniqueConstraint(fields=["project", "unit"], name="scoring_credit_once")]
        indexes = [models.Index(fields=["unit", "project"], name="scoring_credit_unit_idx")]

    def __str__(self):
        return f"{self.project} · {self.unit} {self.share_percent}%"


class ScoreAdjustment(models.Model):
    """A manual line (e.g. false information −10), entered by staff with a reason; audited."""

    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    on = models.DateField(_("date"))
    points = points_field(_("points"))
    reason = models.TextField(_("reason"))
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), null=True, blank=True, on_delete=models.PROTECT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("score adjustment")
        verbose_name_plural = _("score adjustments")
        ordering = ["-on", "-id"]
        indexes = [models.Index(fields=["on", "unit"], name="scoring_adjustment_on_idx")]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="scoring_adjustment_has_reason"),
            models.CheckConstraint(condition=~Q(points=0), name="scoring_adjustment_not_zero"),
        ]

    def __str__(self):
        return f"{self.unit} {self.on:%Y-%m-%d} {self.points:+}"


class Bundle(models.Model):
    """捆绑: units tied for a calendar year; each member also scores a share of the others' points."""

    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    year = models.PositiveSmallIntegerField(_("year"))
    note = models.CharField(_("note"), max_length=200, blank=True, validators=[validate_single_line])

    class Meta:
        verbose_name = _("bundle")
        verbose_name_plural = _("bundles")
        ordering = ["-year", "name"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="scoring_bundle_name_once")]

    def __str__(self):
        return f"{self.year} {self.name}"


class BundleMember(models.Model):
    bundle = models.ForeignKey(Bundle, on_delete=models.CASCADE, related_name="members")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    # The bundle's year again, so the database itself keeps a unit in one bundle per year.
    year = models.PositiveSmallIntegerField(_("year"), editable=False)

    class Meta:
        verbose_name = _("bundle member")
        verbose_name_plural = _("bundle members")
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="scoring_one_bundle_per_year")]

    def __str__(self):
        return f"{self.bundle} · {self.unit}"

    def save(self, *args, **kwargs):
        self.year = self.bundle.year
        super().save(*args, **kwargs)


class Challenge(models.Model):
    """揭榜挂帅: a target posted by the centre; units claim it and link their project."""

    title = models.CharField(_("title"), max_length=200, validators=[validate_single_line])
    description = models.TextField(_("description"), blank=True)
    # To the chain's code, in the column that held the code before chains became data; empty: any.
    industry_chain = models.ForeignKey(
        "chains.IndustryChain",
        verbose_name=_("target industry chain"),
        to_field="code",
        db_column="industry_chain",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    min_investment = models.DecimalField(
        _("minimum total investment (yuan)"), max_digits=16, decimal_places=2, default=0
    )
    posted_on = models.DateField(_("posted on"))
    deadline = models.DateField(_("deadline"))
    bonus = points_field(_("bonus points"))
    state = models.CharField(
        _("state"), max_length=10, choices=ChallengeState.choices, default=ChallengeState.OPEN, db_index=True
    )
    won_by = models.ForeignKey(
        "ChallengeClaim", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    won_on = models.DateField(_("won on (signing date)"), null=True, blank=True)
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gte=models.F("posted_on")), name="scoring_deadline_after_post"
            ),
            models.CheckConstraint(condition=Q(bonus__gt=0), name="scoring_bonus_positive"),
            models.CheckConstraint(
                condition=~Q(state="won") | (Q(won_by__isnull=False) & Q(won_on__isnull=False)),
                name="scoring_won_has_winner",
            ),
        ]

    def __str__(self):
        return self.title


class ChallengeClaim(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="claims")
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    project = models.ForeignKey(
        "projects.Project", verbose_name=_("linked project"), null=True, blank=True, on_delete=models.PROTECT
    )
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    claimed_at = models.DateTimeField(_("claimed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("challenge claim")
        verbose_name_plural = _("challenge claims")
        ordering = ["claimed_at", "id"]
        constraints = [models.UniqueConstraint(fields=["challenge", "unit"], name="scoring_claim_once")]

    def __str__(self):
        return f"{self.challenge} · {self.unit}"


class BoardSnapshot(models.Model):
    """A month's board as frozen by the monthly job; later edits of the ledger do not rewrite it."""

    period_kind = models.CharField(_("period"), max_length=10, choices=PeriodKind.choices)
    period_start = models.DateField(_("period start"))
    frozen_at = models.DateTimeField(_("frozen at"), auto_now_add=True)

    class Meta:
        verbose_name = _("frozen board")
        verbose_name_plural = _("frozen boards")
        ordering = ["-period_start"]
        constraints = [
            models.UniqueConstraint(fields=["period_kind", "period_start"], name="scoring_snapshot_once")
        ]

    def __str__(self):
        return f"{self.get_period_kind_display()} {self.period_start:%Y-%m}"


class SnapshotRow(models.Model):
    snapshot = models.ForeignKey(BoardSnapshot, on_delete=models.CASCADE, related_name="rows")
    group = models.CharField(_("group"), max_length=20, choices=ScoringGroup.choices)
    unit = models.ForeignKey("org.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    score = points_field(_("score"))
    rank = models.PositiveSmallIntegerField(_("rank"))
    tier = models.CharField(_("tier"), max_length=1, choices=Tier.choices)
    lifted = models.BooleanField(_("lifted one tier"), default=False)
    red = models.BooleanField(_("red list"), default=False)
    black = models.BooleanField(_("black list"), default=False)

    class Meta:
        verbose_name = _("frozen board row")
        verbose_name_plural = _("frozen board rows")
        ordering = ["group", "rank", "unit__code"]
        constraints = [models.UniqueConstraint(fields=["snapshot", "unit"], name="scoring_snapshot_row_once")]

    def __str__(self):
        return f"{self.snapshot} · {self.unit} #{self.rank}"
