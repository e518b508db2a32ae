"""Reward policy versions (domain §4) as dated data: every parameter, the cap table and factors as rows."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from xianju_invest.text import validate_single_line

from .. import calculator
from ..enums import CHECKED_OR_LATER


def _money(label, **kwargs):
    return models.DecimalField(label, max_digits=16, decimal_places=2, **kwargs)


def _rate(label, **kwargs):
    return models.DecimalField(label, max_digits=7, decimal_places=4, **kwargs)


class PolicyVersionQuerySet(models.QuerySet):
    def in_force_on(self, on):
        return self.filter(effective_from__lte=on).order_by("-effective_from").first()

    def with_rows(self):
        return self.prefetch_related("factors", "cap_tiers", "operating_rates")


class PolicyVersion(models.Model):
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    effective_from = models.DateField(_("effective from"), unique=True)
    referral_rate = _rate(_("referral: investment part rate"), default=Decimal("0.005"))
    referral_min_total = _money(_("referral: minimum total investment (yuan)"), default=Decimal("100000000"))
    completion_share = _rate(
        _("referral: share of the investment part paid at completion"),
        default=Decimal("0.5"),
        help_text=_("The rest is paid at capacity."),
    )
    contribution_rate = _rate(_("referral: contribution part rate"), default=Decimal("0.05"))
    contribution_years = models.PositiveSmallIntegerField(_("referral: contribution years"), default=3)
    withholding_rate = _rate(_("income tax withheld from individuals"), default=Decimal("0.20"))
    investment_rate = _rate(_("investment reward: rate of equipment investment"), default=Decimal("0.03"))
    investment_min_fai = _money(
        _("investment reward: minimum fixed-asset investment (yuan)"), default=50000000
    )
    investment_cap = _money(_("investment reward: cap (yuan)"), default=Decimal("10000000"))
    intensity_threshold = models.DecimalField(
        _("default intensity threshold (10k yuan per mu)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("300"),
        help_text=_("Used when the project's pre-review set none."),
    )
    tax_threshold = models.DecimalField(
        _("default tax threshold (10k yuan per mu per year)"),
        max_digits=10,
        decimal_places=2,
        default=Decimal("30"),
    )
    notice_days = models.PositiveSmallIntegerField(_("public notice (calendar days)"), default=7)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = PolicyVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("reward policy version")
        verbose_name_plural = _("reward policy versions")
        ordering = ["-effective_from"]
        permissions = [("manage_reward_policy", _("Add reward policy versions"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(referral_rate__gte=0)
                & models.Q(completion_share__gte=0)
                & models.Q(completion_share__lte=1)
                & models.Q(contribution_rate__gte=0)
                & models.Q(withholding_rate__gte=0)
                & models.Q(withholding_rate__lt=1)
                & models.Q(investment_rate__gte=0),
                name="reward_policy_rates_in_range",
            )
        ]

    def __str__(self):
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"

    def save(self, *args, **kwargs):
        self.refuse_if_locked()  # not only the admin's form: no door changes a used version
        super().save(*args, **kwargs)

    @property
    def label(self):
        return f"{self.name} ({self.effective_from:%Y-%m-%d})"

    @property
    def is_locked(self):
        """Used by an amount that is checked or later: read-only; a correction is a new version."""
        return self.pk is not None and self.installments.filter(state__in=CHECKED_OR_LATER).exists()

    def clean(self):
        self.refuse_if_locked()

    def refuse_if_locked(self):
        if self.is_locked:
            raise ValidationError(
                _("This version has been used by a checked amount and cannot change; add a new version."),
                code="locked",
            )

    def to_calculator(self):
        """The plain `calculator.Policy` of this version (rows read from prefetch when present)."""
        return calculator.Policy(
            label=self.label,
            effective_from=self.effective_from,
            referral_rate=self.referral_rate,
            referral_min_total=self.referral_min_total,
            factors=tuple(calculator.IntensityFactor(f.min_ratio, f.factor) for f in self.factors.all()),
            caps=tuple(calculator.CapTier(t.from_total, t.cap) for t in self.cap_tiers.all()),
            completion_share=self.completion_share,
            contribution_rate=self.contribution_rate,
            contribution_years=self.contribution_years,
            withholding_rate=self.withholding_rate,
            investment_rate=self.investment_rate,
            investment_min_fai=self.investment_min_fai,
            investment_cap=self.investment_cap,
            operating_rates=tuple(r.rate for r in sorted(self.operating_rates.all(), key=lambda r: r.year)),
            intensity_threshold=self.intensity_threshold,
            tax_threshold=self.tax_threshold,
        )


class VersionRow(models.Model):
    """A row of a version's table (factors, cap tiers, rates): read-only with its version."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.version.refuse_if_locked()
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        self.version.refuse_if_locked()
        return super().delete(*args, **kwargs)


class IntensityFactor(VersionRow):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="factors")
    min_ratio = models.DecimalField(
        _("from intensity (multiple of the threshold, inclusive)"), max_digits=6, decimal_places=3
    )
    factor = models.DecimalField(_("factor"), max_digits=6, decimal_places=3)

    class Meta:
        verbose_name = _("intensity factor")
        verbose_name_plural = _("intensity factors")
        ordering = ["-min_ratio"]
        constraints = [
            models.UniqueConstraint(fields=["version", "min_ratio"], name="reward_factor_once_per_ratio"),
            models.CheckConstraint(
                condition=models.Q(min_ratio__gte=0) & models.Q(factor__gte=0),
                name="reward_factor_not_negative",
            ),
        ]

    def __str__(self):
        return f"≥{self.min_ratio}× → {self.factor}"


class CapTier(VersionRow):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="cap_tiers")
    from_total = _money(_("from total investment (yuan, inclusive)"))
    cap = _money(_("cap (yuan)"))

    class Meta:
        verbose_name = _("referral cap tier")
        verbose_name_plural = _("referral cap tiers")
        ordering = ["from_total"]
        constraints = [
            models.UniqueConstraint(fields=["version", "from_total"], name="reward_cap_once_per_tier"),
            models.CheckConstraint(
                condition=models.Q(from_total__gte=0) & models.Q(cap__gte=0), name="reward_cap_not_negative"
            ),
        ]

    def __str__(self):
        return f"≥{self.from_total} → {self.cap}"


class OperatingRate(VersionRow):
    version = models.ForeignKey(PolicyVersion, on_delete=models.CASCADE, related_name="operating_rates")
    year = models.PositiveSmallIntegerField(_("production year (1 = first full year)"))
    rate = _rate(_("rate of retained tax"))

    class Meta:
        verbose_name = _("operating reward rate")
        verbose_name_plural = _("operating reward rates")
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["version", "year"], name="reward_operating_rate_once_per_year"),
            models.CheckConstraint(
                condition=models.Q(year__gte=1) & models.Q(rate__gte=0), name="reward_operating_rate_valid"
            ),
        ]

    def __str__(self):
        return f"{self.year}: {self.rate}"
