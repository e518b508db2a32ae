"""Investor records (客商库), their contacts and sources, interactions, lead clocks and signing events."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chains.models import split_industry_codes, validate_industry_code
from incentives.crypto import decrypt, encrypt, mask
from projects.company import company_code_key, company_name_key
from projects.credit_code import normalise_credit_code, validate_credit_code
from projects.models import money
from referrals.permissions import mask_mobile
from xianju_invest.text import validate_single_line

from .enums import InteractionKind, InvestorKind, PlaceKind, SourceKind


def line(verbose_name, max_length=200, **kwargs):
    return models.CharField(verbose_name, max_length=max_length, validators=[validate_single_line], **kwargs)


class Source(models.Model):
    """Where investors come from: a 乡贤 network, a chamber, an outpost office (驻点), a chain
    leader's supplier list, a fund. Conversions are counted per source."""

    name = line(_("name"), 100, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=SourceKind.choices)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("unit in charge"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    place = line(_("city or address"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("investor source")
        verbose_name_plural = _("investor sources")
        ordering = ["kind", "name"]

    def __str__(self):
        return self.name


class InvestorQuerySet(models.QuerySet):
    def same_company(self, *, name_key, code_key):
        from projects.company import same_company_q

        return self.filter(
            same_company_q(
                name_key=name_key, code_key=code_key, name_field="name_key", code_field="credit_code"
            ),
            kind=InvestorKind.COMPANY,
        )


class Investor(models.Model):
    """One company (by credit code, else normalised name: projects.company) or one person (乡贤)."""

    kind = models.CharField(
        _("kind"), max_length=10, choices=InvestorKind.choices, default=InvestorKind.COMPANY
    )
    name = line(_("name"))
    credit_code = models.CharField(
        _("unified social credit code"), max_length=18, blank=True, validators=[validate_credit_code]
    )
    name_key = models.CharField(_("name key"), max_length=200, editable=False, db_index=True)
    is_local = models.BooleanField(_("landed in the county"), default=False)
    # A local firm's place on the industry chains (issue 16 §6): the link whose GB/T 4754 codes match
    # its industry code (chains.placement), unless staff set the link by hand.
    industry_code = models.CharField(
        _("industry code (GB/T 4754-2017)"), max_length=5, blank=True, validators=[validate_industry_code]
    )
    platform = models.ForeignKey(
        "org.Unit",
        verbose_name=_("platform"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "platform"},
    )
    chain_link = models.ForeignKey(
        "chains.ChainLink",
        verbose_name=_("chain link"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="firms",
    )
    chain_link_set_by_hand = models.BooleanField(_("chain link set by hand"), default=False)
    local_since = models.DateField(_("operating in the county since"), null=True, blank=True)
    landed_by = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project that brought it"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="investors",
    )
    industry = line(_("industry"), 100, blank=True)
    city = line(_("city"), 100, blank=True)
    hometown = models.ForeignKey(
        "org.Unit",
        verbose_name=_("hometown township"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": "township"},
    )
    # A person's identifiers, encrypted at rest (incentives.crypto) and shown masked.
    id_number_encrypted = models.TextField(_("ID number (encrypted)"), blank=True)
    mobile_encrypted = models.TextField(_("mobile (encrypted)"), blank=True)
    note = models.TextField(_("note"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = InvestorQuerySet.as_manager()

    class Meta:
        verbose_name = _("investor")
        verbose_name_plural = _("investors")
        ordering = ["name_key", "id"]
        permissions = [("manage_investors", "Keep investor records and log interactions")]
        indexes = [
            models.Index(fields=["name_key", "id"], name="investor_list_idx"),
            # The chain map counts a link's local firms from this index alone.
            models.Index(fields=["chain_link"], condition=Q(is_local=True), name="investor_local_link_idx"),
        ]
        constraints = [
            # One company, one record: by name key, and by credit code when there is one.
            models.UniqueConstraint(
                fields=["name_key"], condition=Q(kind="company"), name="investor_company_name_once"
            ),
            models.UniqueConstraint(
                fields=["credit_code"], condition=~Q(credit_code=""), name="investor_credit_code_once"
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        from chains.placement import place

        self.credit_code = normalise_credit_code(self.credit_code)
        self.name_key = company_name_key(self.name)
        self.industry_code = "".join(split_industry_codes(self.industry_code)[:1])
        if self.kind == InvestorKind.COMPANY:
            place(self)
        super().save(*args, **kwargs)

    @property
    def code_key(self):
        return company_code_key(self.credit_code)

    @property
    def id_number(self):
        return decrypt(self.id_number_encrypted)

    @id_number.setter
    def id_number(self, value):
        self.id_number_encrypted = encrypt(value)

    @property
    def id_number_masked(self):
        return mask(self.id_number)

    @property
    def mobile(self):
        return decrypt(self.mobile_encrypted)

    @mobile.setter
    def mobile(self, value):
        self.mobile_encrypted = encrypt(value)

    @property
    def mobile_masked(self):
        return mask_mobile(self.mobile) if self.mobile_encrypted else ""


class Contact(models.Model):
    """A person to talk to at an investor; shared by every project of that investor."""

    investor = models.ForeignKey(
        Investor, verbose_name=_("investor"), on_delete=models.CASCADE, related_name="contacts"
    )
    name = line(_("name"), 60)
    title = line(_("title"), 60, blank=True)
    mobile_encrypted = models.TextField(_("mobile (encrypted)"), blank=True)

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        ordering = ["investor", "id"]

    def __str__(self):
        return self.name

    @property
    def mobile(self):
        return decrypt(self.mobile_encrypted)

    @mobile.setter
    def mobile(self, value):
        self.mobile_encrypted = encrypt(value)

    @property
    def mobile_masked(self):
        return mask_mobile(self.mobile) if self.mobile_encrypted else ""


class ProjectInvestor(models.Model):
    """The investor side of a ledger project: its company record, how it came, who owns the lead."""

    project = models.OneToOneField(
        "projects.Project", verbose_name=_("project"), on_delete=models.CASCADE, related_name="investor_side"
    )
    investor = models.ForeignKey(
        Investor, verbose_name=_("investor"), on_delete=models.PROTECT, related_name="project_links"
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("source"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="project_links",
    )
    # 以企引企: the local firm that brought this investor in.
    introduced_by = models.ForeignKey(
        Investor,
        verbose_name=_("introduced by (local firm)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="introduced_projects",
        limit_choices_to={"is_local": True},
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lead owner"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="owned_leads",
    )
    owner_since = models.DateField(_("owner since"), null=True, blank=True)

    class Meta:
        verbose_name = _("project investor")
        verbose_name_plural = _("project investors")

    def __str__(self):
        return f"{self.project} · {self.investor}"


class Interaction(models.Model):
    """A visit or negotiation (走访/洽谈) with an investor, about one of its projects or in general."""

    investor = models.ForeignKey(
        Investor, verbose_name=_("investor"), on_delete=models.PROTECT, related_name="interactions"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    kind = models.CharField(
        _("kind"), max_length=20, choices=InteractionKind.choices, default=InteractionKind.VISIT
    )
    date = models.DateField(_("date"))
    staff = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("staff"),
        on_delete=models.PROTECT,
        related_name="interactions",
    )
    place_kind = models.CharField(
        _("where"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.INVESTOR
    )
    outpost = models.ForeignKey(
        Source,
        verbose_name=_("outpost office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": SourceKind.OUTPOST},
    )
    place = line(_("place"), blank=True)
    attendees = models.TextField(_("attendees"), blank=True)
    outcome = models.TextField(_("outcome"))
    next_step = line(_("next step"), blank=True)
    next_step_due = models.DateField(_("next step due"), null=True, blank=True)
    next_step_done = models.DateField(_("next step done on"), null=True, blank=True)
    # Signals from landed firms (存量企业).
    expanding = models.BooleanField(_("plans to expand"), default=False)
    downsizing = models.BooleanField(_("downsizing"), default=False)
    moving_away = models.BooleanField(_("may move away"), default=False)
    supplier_needs = models.BooleanField(_("needs suppliers"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interaction")
        verbose_name_plural = _("interactions")
        ordering = ["-date", "-id"]
        indexes = [
            models.Index(fields=["investor", "date"], name="interaction_investor_idx"),
            models.Index(fields=["project", "date"], name="interaction_project_idx"),
            models.Index(
                fields=["next_step_due"],
                condition=Q(next_step_done__isnull=True),
                name="interaction_open_step_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(next_step_due__isnull=True) | ~Q(next_step=""), name="interaction_due_needs_step"
            ),
        ]

    def __str__(self):
        return f"{self.investor} · {self.date}"


class LeadClockPolicy(models.Model):
    """The lead clocks, in working days, as dated policy data (issue 16 §3)."""

    effective_from = models.DateField(_("effective from"), unique=True)
    owner_workdays = models.PositiveSmallIntegerField(_("owner named within (working days)"), default=1)
    assessment_workdays = models.PositiveSmallIntegerField(
        _("assessment started within (working days)"), default=3
    )
    referrer_answer_workdays = models.PositiveSmallIntegerField(
        _("referrer answered within (working days)"), default=5
    )
    progress_note_workdays = models.PositiveSmallIntegerField(
        _("a progress note every (working days)"), default=10
    )
    unfunded_months = models.PositiveSmallIntegerField(
        _("signed without funds: report after (months)"), default=6
    )
    note = line(_("note"), blank=True)

    class Meta:
        verbose_name = _("lead clock policy")
        verbose_name_plural = _("lead clock policies")
        ordering = ["-effective_from"]

    def __str__(self):
        return f"{self._meta.verbose_name} {self.effective_from}"

    @classmethod
    def on(cls, day):
        found = cls.objects.filter(effective_from__lte=day).order_by("-effective_from").first()
        return found or cls()


class SigningCeremony(models.Model):
    """A signing event (签约活动); it lists projects, but a project is signed only once."""

    name = line(_("name"))
    date = models.DateField(_("date"))
    place = line(_("place"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("signing ceremony")
        verbose_name_plural = _("signing ceremonies")
        ordering = ["-date", "-id"]

    def __str__(self):
        return f"{self.name} ({self.date})"


class CeremonyListing(models.Model):
    """A project listed at a ceremony: the signing itself, or a re-listing that signs nothing."""

    ceremony = models.ForeignKey(
        SigningCeremony, verbose_name=_("ceremony"), on_delete=models.CASCADE, related_name="listings"
    )
    project = models.ForeignKey(
        "projects.Project",
        verbose_name=_("project"),
        on_delete=models.PROTECT,
        related_name="ceremony_listings",
    )
    signs = models.BooleanField(_("signed here"), default=True)
    amount = money(_("signed amount"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ceremony listing")
        verbose_name_plural = _("ceremony listings")
        ordering = ["ceremony", "id"]
        constraints = [
            models.UniqueConstraint(fields=["ceremony", "project"], name="ceremony_lists_project_once"),
            # A project is signed once, whatever ceremony lists it again.
            models.UniqueConstraint(fields=["project"], condition=Q(signs=True), name="project_signed_once"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="ceremony_amount_not_negative"),
            models.CheckConstraint(condition=Q(signs=True) | Q(amount=0), name="relisting_has_no_amount"),
        ]

    def __str__(self):
        return f"{self.ceremony} · {self.project}"
