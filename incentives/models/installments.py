"""Installments: one row per (project, reward, installment, beneficiary), moved by incentives.services."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Now
from django.utils.translation import gettext_lazy as _

from xianju_invest.text import validate_single_line

from ..calculator import RULE_LABELS
from ..enums import PUBLIC_STATES, InstallmentState, ObjectionOutcome, Reward
from . import as_given


def _money(label, **kwargs):
    return models.DecimalField(label, max_digits=16, decimal_places=2, **kwargs)


SLOT_LABELS = {
    "completion": _("at completion"),
    "capacity": _("at capacity"),
    "production": _("at production start"),
}


def slot_label(slot):
    if slot in SLOT_LABELS:
        return SLOT_LABELS[slot]
    if slot.startswith("tax-"):
        return _("tax year %(year)s") % {"year": slot[4:]}
    if slot.startswith("adj-"):
        return _("adjustment %(n)s") % {"n": slot[4:]}
    return slot


class RewardBasis(models.Model):
    """The verified facts the daily job calculated a project's installments from: one row per project
    and run that created any. The calculator is pure, so an installment's explanation is recomputed
    from these facts, its policy version, `granted_before` and the beneficiaries when it is shown,
    instead of ~10 formatted lines being stored on each of hundreds of thousands of rows."""

    project = models.ForeignKey(
        "projects.Project", on_delete=models.PROTECT, related_name="+", db_index=False
    )  # read only from the installments that point here
    total_investment = _money(_("total investment (yuan)"))
    fixed_asset_investment = _money(_("verified fixed-asset investment (yuan)"), null=True)
    equipment_investment = _money(_("verified productive equipment investment (yuan)"), null=True)
    land_area = models.DecimalField(_("verified land area (mu)"), max_digits=10, decimal_places=2, null=True)
    intensity_threshold = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    tax_threshold = models.DecimalField(max_digits=12, decimal_places=2, null=True)
    category = models.CharField(max_length=30)
    production_date = models.DateField(null=True)
    retained_tax = models.JSONField(default=dict)  # {"2027": "1500000.00"}: the verified years

    class Meta:
        verbose_name = _("facts of a reward calculation")
        verbose_name_plural = _("facts of reward calculations")

    def __str__(self):
        return f"{self.project_id} · {self.pk}"


class InstallmentQuerySet(models.QuerySet):
    def for_user(self, user):
        """Staff, leaders and finance see every installment; nobody else sees any through this door."""
        if user.is_authenticated and (
            user.has_perm("org.view_all") or user.has_perm("incentives.pay_rewards")
        ):
            return self
        return self.none()

    def public(self):
        return self.filter(state__in=PUBLIC_STATES)

    def granted(self):
        return self.exclude(state=InstallmentState.WITHDRAWN)


def _by(**kwargs):
    """Who moved an installment. Not indexed: each index is paid on every row the daily job writes,
    and these are read only from the installment (a user is never deleted, only deactivated)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        **kwargs,
    )


class Installment(models.Model):
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="reward_installments",
        db_index=False,  # the unique constraint's index starts with the project
    )
    reward = models.CharField(_("reward"), max_length=20, choices=Reward.choices)
    # completion | capacity | production | tax-YYYY | adj-N
    slot = models.CharField(_("installment"), max_length=20)
    beneficiary = models.ForeignKey(
        "incentives.Beneficiary",
        verbose_name=_("beneficiary"),
        on_delete=models.PROTECT,
        related_name="installments",
    )
    policy = models.ForeignKey(
        "incentives.PolicyVersion",
        verbose_name=_("policy version"),
        on_delete=models.PROTECT,
        related_name="installments",
    )
    trigger_date = models.DateField(_("due on"))
    # db_default here and below: the daily job inserts through `NewInstallment`, which leaves these
    # columns to the database
    state = models.CharField(
        _("state"),
        max_length=20,
        choices=InstallmentState.choices,
        default=InstallmentState.CALCULATED,
        db_default=InstallmentState.CALCULATED,
    )
    computed = _money(_("computed before the cap"))
    installment_amount = _money(_("installment after the cap"))
    gross = _money(_("gross share"))
    tax = _money(_("income tax withheld"))
    net = _money(_("net payable"))
    # stored for adjustments and rows from before `basis`; the daily job's rows recompute theirs
    lines = models.JSONField(_("explanation"), default=list, db_default=[])
    basis = models.ForeignKey(
        RewardBasis, null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    granted_before = _money(_("already granted before this installment"), null=True, blank=True)
    reason = models.TextField(_("reason for the adjustment"), blank=True, db_default="")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_default=Now())
    created_by = _by()
    checked_by = _by()
    checked_at = models.DateTimeField(_("checked at"), null=True, blank=True)
    approved_by = _by()
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    notice_from = models.DateField(_("public notice from"), null=True, blank=True)
    notice_until = models.DateField(_("public notice until"), null=True, blank=True)
    paid_on = models.DateField(_("paid on"), null=True, blank=True)
    voucher_no = models.CharField(
        _("voucher number"), max_length=40, blank=True, validators=[validate_single_line], db_default=""
    )
    paid_by = _by()

    objects = InstallmentQuerySet.as_manager()

    class Meta:
        verbose_name = _("reward installment")
        verbose_name_plural = _("reward installments")
        ordering = ["-trigger_date", "-id"]
        permissions = [
            ("check_rewards", _("Check calculated rewards")),
            ("pay_rewards", _("Pay approved rewards and see payee details")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reward", "slot", "beneficiary"], name="reward_installment_once"
            ),
            models.CheckConstraint(
                condition=Q(slot__startswith="adj-")
                | (Q(gross__gte=0) & Q(tax__gte=0) & Q(net__gte=0) & Q(installment_amount__gte=0)),
                name="reward_installment_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(net=models.F("gross") - models.F("tax")), name="reward_net_is_gross_less_tax"
            ),
        ]
        indexes = [
            models.Index(fields=["state", "trigger_date", "id"], name="reward_state_idx"),
            models.Index(fields=["trigger_date", "id"], name="reward_register_idx"),
            # the register filtered by reward, read from either end (two-ended pages)
            models.Index(fields=["reward", "trigger_date", "id"], name="reward_kind_register_idx"),
            # (project, reward) look-ups use the unique constraint's index, which starts with them
        ]

    def __str__(self):
        return f"{self.project} · {self.get_reward_display()} · {self.slot_label}"

    @property
    def slot_label(self):
        return slot_label(self.slot)

    @property
    def is_adjustment(self):
        return self.slot.startswith("adj-")

    def explanation(self):
        """The lines with the rule's label in the active language: stored ones, or recomputed from
        the calculation's facts (`incentives.explain`, which pages call once for all their rows)."""
        if self.lines or self.basis_id is None:
            return [{**line, "label": RULE_LABELS.get(line["rule"], line["rule"])} for line in self.lines]
        if getattr(self, "explained", None) is None:
            from ..explain import explain

            explain([self])
        return self.explained


class NewInstallment(models.Model):
    """The daily job's door for inserting calculated installments: the same table as `Installment`,
    mapped with only the columns a new calculated row carries. Every other column is NULL or has a
    database default (the state, the stored explanation, the creation time among them), so Django
    prepares 13 values a row instead of 27, each as given (`as_given`); the job writes ~710,000
    rows for 100,000 projects. Constraints, indexes and migrations stay with `Installment`."""

    id = models.BigAutoField(primary_key=True)
    project_id = as_given.Id()
    reward = as_given.Text(max_length=20)
    slot = as_given.Text(max_length=20)
    beneficiary_id = as_given.Id()
    policy_id = as_given.Id()
    trigger_date = as_given.Date()
    computed = as_given.money()
    installment_amount = as_given.money()
    gross = as_given.money()
    tax = as_given.money()
    net = as_given.money()
    basis_id = as_given.Id(null=True)
    granted_before = as_given.money(null=True)

    class Meta:
        managed = False
        db_table = "incentives_installment"
        default_permissions = ()

    def __str__(self):
        return f"{self.project_id} · {self.reward} · {self.slot}"

    @classmethod
    def row(
        cls,
        *,
        project_id,
        reward,
        slot,
        beneficiary_id,
        policy_id,
        trigger_date,
        computed,
        installment_amount,
        gross,
        tax,
        net,
        basis_id,
        granted_before,
    ):
        """A new row, built positionally (in the order the fields are declared) as Django builds the
        rows it reads: ~2.5× cheaper than handing Django keyword arguments, which it matches field by
        field."""
        return cls(
            None,
            project_id,
            reward,
            slot,
            beneficiary_id,
            policy_id,
            trigger_date,
            computed,
            installment_amount,
            gross,
            tax,
            net,
            basis_id,
            granted_before,
        )


class Objection(models.Model):
    """Anyone may object to a publicly noticed installment; it is held until staff resolve it."""

    installment = models.ForeignKey(Installment, on_delete=models.CASCADE, related_name="objections")
    name = models.CharField(_("your name"), max_length=60, validators=[validate_single_line])
    contact = models.CharField(_("how to reach you"), max_length=100, validators=[validate_single_line])
    text = models.TextField(_("objection"), max_length=2000)
    filed_at = models.DateTimeField(_("filed at"), auto_now_add=True)
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=ObjectionOutcome.choices, default=ObjectionOutcome.OPEN
    )
    resolution = models.TextField(_("resolution"), blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        ordering = ["-filed_at"]

    def __str__(self):
        return f"{self.installment}: {self.name}"


class RewardReview(models.Model):
    """When the daily job last looked at a project, and up to which day.

    The job looks at a project again only when something it rests on moved after `reviewed_at`
    (the project, its verified figures or tax, a concluded review round, a referral's
    confirmation, its beneficiaries), a milestone or a tax year's end has been reached since
    `due_through`, or the policy versions changed (`policies_stamp`). A rerun with nothing new is
    then one statement that finds no project.
    """

    project = models.OneToOneField(
        "projects.Project", on_delete=models.CASCADE, primary_key=True, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    due_through = models.DateField()
    tax_years_through = models.PositiveSmallIntegerField()  # the last tax year ended by due_through
    policies_stamp = models.CharField(max_length=40)

    class Meta:
        verbose_name = _("reward review of a project")
        verbose_name_plural = _("reward reviews of projects")

    def __str__(self):
        return f"{self.project_id} · {self.due_through}"
