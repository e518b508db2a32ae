import base64
import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.company import same_company_q
from projects.credit_code import validate_credit_code
from xianju_invest.text import validate_single_line

from .enums import ReferralStatus, ReferrerKind
from .validators import validate_mobile, validate_plain_text

TRACKING_CODE_BYTES = 10  # 80 bits of randomness, 16 base32 characters


def new_tracking_code():
    return base64.b32encode(secrets.token_bytes(TRACKING_CODE_BYTES)).decode("ascii")


def normalise_tracking_code(value):
    """What the referrer types: any case, with or without the dashes and spaces we print."""
    text = str(value or "").upper()
    return "".join(c for c in text if c.isalnum())[:32]


def format_tracking_code(code):
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


class ReferralQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=[ReferralStatus.SUBMITTED, ReferralStatus.DUPLICATE])

    def first_reports(self):
        return self.filter(is_first=True)

    def first_reports_of(self, *, name_key, code_key):
        """The first report (首报) of the company with these keys: by name, or by credit code when
        there is one. The partial unique constraints keep it to one per key."""
        same_company = same_company_q(
            name_key=name_key, code_key=code_key, name_field="company_name_key", code_field="company_code_key"
        )
        return self.filter(same_company, is_first=True)


class Referral(models.Model):
    """One report from the public form or API: the referrer, their declaration, and the lead."""

    # Unique through Meta.constraints: an equality-only key needs no LIKE-pattern index beside it.
    tracking_code = models.CharField(_("tracking code"), max_length=32, default=new_tracking_code)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.SUBMITTED
    )
    # 首报: at most one first report per company key, enforced by the partial unique constraints below.
    is_first = models.BooleanField(_("first report"), default=False)
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True, db_index=True)

    referrer_kind = models.CharField(_("referrer kind"), max_length=20, choices=ReferrerKind.choices)
    referrer_name = models.CharField(
        _("referrer name"), max_length=60, validators=[validate_plain_text, validate_single_line]
    )
    referrer_mobile = models.CharField(_("referrer mobile"), max_length=11, validators=[validate_mobile])
    referrer_email = models.EmailField(_("referrer email"), blank=True)
    referrer_organisation = models.CharField(
        _("referrer organisation"),
        max_length=100,
        blank=True,
        validators=[validate_plain_text, validate_single_line],
    )
    declared_not_official = models.BooleanField(_("declared not acting as public staff"), default=False)
    declared_not_investor = models.BooleanField(_("declared not the investor"), default=False)
    privacy_consent_at = models.DateTimeField(_("privacy consent given at"))

    company_name = models.CharField(
        _("company name"), max_length=200, validators=[validate_plain_text, validate_single_line]
    )
    company_credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    company_name_key = models.CharField(_("company name key"), max_length=200, editable=False)
    company_code_key = models.CharField(_("company code key"), max_length=18, editable=False, blank=True)
    # To the chain's code, in the column that held the code before chains became data; empty: other.
    industry = models.ForeignKey(
        "chains.IndustryChain",
        verbose_name=_("industry"),
        to_field="code",
        db_column="industry",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    intended_investment = models.DecimalField(
        _("intended investment"), max_digits=16, decimal_places=2, null=True, blank=True
    )
    description = models.TextField(_("description"), max_length=4000, validators=[validate_plain_text])
    company_contact = models.CharField(
        _("contact at the company"),
        max_length=100,
        blank=True,
        validators=[validate_plain_text, validate_single_line],
    )

    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="referrals",
    )
    host_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("host unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="hosted_referrals",
    )
    public_reason = models.TextField(
        _("reason given to the referrer"), max_length=1000, blank=True, validators=[validate_plain_text]
    )
    triaged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # never searched by; each index costs every public report an insert
    )
    triaged_at = models.DateTimeField(_("triaged at"), null=True, blank=True)
    centre_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # never searched by; each index costs every public report an insert
    )
    centre_confirmed_at = models.DateTimeField(_("confirmed by the centre at"), null=True, blank=True)
    host_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,  # never searched by; each index costs every public report an insert
    )
    host_confirmed_at = models.DateTimeField(_("confirmed by the host unit at"), null=True, blank=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["tracking_code"], name="referral_tracking_code_unique"),
            models.UniqueConstraint(
                fields=["company_name_key"], condition=Q(is_first=True), name="referral_first_by_name"
            ),
            models.UniqueConstraint(
                fields=["company_code_key"],
                condition=Q(is_first=True) & ~Q(company_code_key=""),
                name="referral_first_by_code",
            ),
            models.CheckConstraint(
                condition=~Q(status=ReferralStatus.DUPLICATE) | Q(is_first=False),
                name="referral_duplicate_not_first",
            ),
            models.CheckConstraint(
                condition=Q(intended_investment__isnull=True) | Q(intended_investment__gte=0),
                name="referral_investment_not_negative",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="referral_queue_idx"),
        ]

    def __str__(self):
        return f"{self.company_name} ({self.display_code})"

    @property
    def display_code(self):
        return format_tracking_code(self.tracking_code)

    @property
    def is_confirmed(self):
        """Both confirmations of domain §4 are in: the referral reward may be calculated."""
        return bool(self.is_first and self.centre_confirmed_at and self.host_confirmed_at)


def attachment_path(instance, filename):
    return f"referrals/{instance.referral.submitted_at:%Y/%m}/{secrets.token_hex(8)}-{filename[-80:]}"


class ReferralAttachment(models.Model):
    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size"))

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["id"]

    def __str__(self):
        return self.original_name
