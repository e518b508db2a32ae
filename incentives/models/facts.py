"""What a reward rests on: verified figures, retained tax per year, and who receives it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from xianju_invest.text import validate_single_line
from xianju_invest.uploads import validate_upload

from ..crypto import decrypt, encrypt, mask
from ..enums import BeneficiaryKind, FactState, Reward
from . import as_given


def _money(label, **kwargs):
    return models.DecimalField(label, max_digits=16, decimal_places=2, **kwargs)


class TwoPersonFact(models.Model):
    """Entered by one member of staff, verified by another; rewards read verified rows only."""

    state = models.CharField(_("state"), max_length=10, choices=FactState.choices, default=FactState.ENTERED)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("entered by"), on_delete=models.PROTECT, related_name="+"
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now_add=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verified by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        abstract = True

    @property
    def is_verified(self):
        return self.state == FactState.VERIFIED


def figures_document_path(instance, filename):
    return f"rewards/{instance.project_id}/figures-{filename[-80:]}"


class VerifiedFigures(TwoPersonFact):
    """The figures verified at completion (with the document they come from)."""

    project = models.OneToOneField(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="reward_figures"
    )
    fixed_asset_investment = _money(_("verified fixed-asset investment (yuan)"))
    equipment_investment = _money(_("verified productive equipment investment (yuan)"))
    land_area = models.DecimalField(_("verified land area (mu)"), max_digits=10, decimal_places=2)
    document = models.FileField(
        _("supporting document"),
        upload_to=figures_document_path,
        validators=[validate_upload],
        max_length=255,
    )

    class Meta:
        verbose_name = _("verified figures")
        verbose_name_plural = _("verified figures")
        constraints = [
            models.CheckConstraint(
                condition=Q(fixed_asset_investment__gte=0)
                & Q(equipment_investment__gte=0)
                & Q(equipment_investment__lte=models.F("fixed_asset_investment"))
                & Q(land_area__gt=0),
                name="reward_figures_in_range",
            ),
            models.CheckConstraint(
                condition=Q(state=FactState.ENTERED) | ~Q(verified_by=models.F("entered_by")),
                name="reward_figures_two_people",
            ),
        ]

    def __str__(self):
        return str(self.project)


class RetainedTax(TwoPersonFact):
    """The county-retained tax a project paid in one calendar year."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="retained_taxes"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    amount = _money(_("county-retained tax (yuan)"))
    imported = models.BooleanField(_("from the tax bureau's list"), default=False)

    class Meta:
        verbose_name = _("retained tax")
        verbose_name_plural = _("retained tax")
        ordering = ["project", "year"]
        constraints = [
            models.UniqueConstraint(fields=["project", "year"], name="reward_tax_once_per_year"),
            models.CheckConstraint(
                condition=Q(amount__gte=0) & Q(year__gte=2000) & Q(year__lte=2100), name="reward_tax_in_range"
            ),
            models.CheckConstraint(
                condition=Q(state=FactState.ENTERED) | ~Q(verified_by=models.F("entered_by")),
                name="reward_tax_two_people",
            ),
        ]
        indexes = [models.Index(fields=["state", "year"], name="reward_tax_state_idx")]

    def __str__(self):
        return f"{self.project} {self.year}"


class Beneficiary(models.Model):
    """Who receives a reward of a project, in listed order, with the agreed share (percent)."""

    project = models.ForeignKey(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="beneficiaries"
    )
    reward = models.CharField(_("reward"), max_length=20, choices=Reward.choices)
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    name = models.CharField(_("name"), max_length=100, validators=[validate_single_line])
    kind = models.CharField(_("beneficiary kind"), max_length=20, choices=BeneficiaryKind.choices)
    share = models.DecimalField(_("share (percent)"), max_digits=5, decimal_places=2)
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("referral"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reward_beneficiaries",
    )
    # Payee identifiers, encrypted at rest (incentives.crypto); shown masked except to finance.
    identifier_encrypted = models.TextField(_("ID number or credit code (encrypted)"), blank=True)
    # db_default: the daily job adds default beneficiaries through `NewBeneficiary`, without these
    bank_name = models.CharField(
        _("bank"), max_length=100, blank=True, validators=[validate_single_line], db_default=""
    )
    account_encrypted = models.TextField(_("bank account (encrypted)"), blank=True, db_default="")

    class Meta:
        verbose_name = _("beneficiary")
        verbose_name_plural = _("beneficiaries")
        ordering = ["project", "reward", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["project", "reward", "position"], name="reward_beneficiary_position"
            ),
            models.CheckConstraint(
                condition=Q(share__gt=0) & Q(share__lte=100), name="reward_beneficiary_share_range"
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def identifier(self):
        return decrypt(self.identifier_encrypted)

    @identifier.setter
    def identifier(self, value):
        self.identifier_encrypted = encrypt(value)

    @property
    def account(self):
        return decrypt(self.account_encrypted)

    @account.setter
    def account(self, value):
        self.account_encrypted = encrypt(value)

    @property
    def identifier_masked(self):
        return mask(self.identifier)

    @property
    def account_masked(self):
        return mask(self.account)

    @property
    def public_name(self):
        return masked_name(self.name, self.kind)

    def name_for(self, user):
        from ..permissions import sees_payee_names

        return self.name if sees_payee_names(user) else self.public_name


class NewBeneficiary(models.Model):
    """The daily job's door for adding the default beneficiaries (a confirmed referral's referrer,
    the project company): the same table as `Beneficiary`, mapped with the columns such a row
    carries, each as given (`as_given`); the bank details are left to the database's default."""

    id = models.BigAutoField(primary_key=True)
    project_id = as_given.Id()
    reward = as_given.Text(max_length=20)
    position = as_given.Number()
    name = as_given.Text(max_length=100)
    kind = as_given.Text(max_length=20)
    share = as_given.Amount(max_digits=5, decimal_places=2)
    referral_id = as_given.Id(null=True)
    identifier_encrypted = as_given.LongText()

    class Meta:
        managed = False
        db_table = "incentives_beneficiary"
        default_permissions = ()

    def __str__(self):
        return self.name

    @classmethod
    def row(cls, *, project_id, reward, position, name, kind, share, referral_id, identifier_encrypted):
        """Built positionally, like `NewInstallment.row`."""
        return cls(None, project_id, reward, position, name, kind, share, referral_id, identifier_encrypted)


def masked_name(name, kind):
    """A natural person's name as the public notice prints it (first character, the rest hidden);
    an organisation's name is not personal data."""
    if kind == BeneficiaryKind.ORGANISATION:
        return name
    return name[:1] + "*" * max(len(name) - 1, 1)
