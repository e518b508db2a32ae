"""Every write on investor records, interactions and signing events."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from projects.company import company_code_key, company_name_key
from projects.credit_code import normalise_credit_code
from projects.enums import SIGNED_STATES, ProjectState
from projects.models import Project
from projects.services import project_transition

from .enums import InvestorKind
from .models import CeremonyListing, Contact, Interaction, Investor, ProjectInvestor, SigningCeremony
from .permissions import can_manage_investors


def _require(by):
    if by is not None and not can_manage_investors(by):
        raise PermissionDenied(_("You are not allowed to keep investor records."))


def investor_for_company(*, name, credit_code="", **defaults):
    """The one record of this company (credit code, else normalised name), created when new."""
    name_key, code_key = company_name_key(name), company_code_key(credit_code)
    if not name_key:
        raise ValidationError({"name": _("Enter the company's full name.")})
    found = Investor.objects.same_company(name_key=name_key, code_key=code_key).order_by("pk").first()
    if found is not None:
        if code_key and not found.credit_code:
            found.credit_code = code_key
            found.save(update_fields=["credit_code", "updated_at"])
        return found
    try:
        with transaction.atomic():
            return Investor.objects.create(
                name=name, credit_code=code_key, kind=InvestorKind.COMPANY, **defaults
            )
    except IntegrityError:  # created meanwhile by someone else: theirs is the one record
        return Investor.objects.same_company(name_key=name_key, code_key=code_key).order_by("pk").first()


def project_link_investor(project):
    """Keep a project's investor side pointing at its company's one record (post_save of Project)."""
    if not project.investor_key:
        return None
    link = ProjectInvestor.objects.filter(project=project).select_related("investor").first()
    code_key = company_code_key(project.investor_credit_code)
    if link is not None and (
        link.investor.name_key == project.investor_key or (code_key and link.investor.credit_code == code_key)
    ):
        return link  # still the same company: one query on every save
    investor = investor_for_company(name=project.investor_name, credit_code=project.investor_credit_code)
    if link is None:
        link, _ = ProjectInvestor.objects.get_or_create(project=project, defaults={"investor": investor})
    if link.investor_id != investor.pk:
        link.investor = investor
        link.save(update_fields=["investor"])
    return link


def on_project_saved(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw:
        return
    if created or update_fields is None or {"investor_name", "investor_credit_code"} & set(update_fields):
        project_link_investor(instance)


def investor_save(*, by, investor, data):
    """Create or edit an investor record from form data; one audit row."""
    _require(by)
    creating = investor.pk is None
    for field, value in data.items():
        setattr(investor, field, value)
    if creating:
        investor.created_by = by
    investor.credit_code = normalise_credit_code(investor.credit_code)
    investor.name_key = company_name_key(investor.name)
    if investor.kind == InvestorKind.COMPANY:
        existing = Investor.objects.same_company(name_key=investor.name_key, code_key=investor.code_key)
        existing = existing.exclude(pk=investor.pk).first()
        if existing is not None:
            raise ValidationError(
                {"name": _("This company already has a record: “%(name)s”.") % {"name": existing.name}},
                code="duplicate",
            )
    investor.full_clean()
    with transaction.atomic():
        investor.save()
        audit_record(obj=investor, action="investor.created" if creating else "investor.updated", actor=by)
    return investor


def contact_add(*, by, investor, name, title="", mobile=""):
    _require(by)
    contact = Contact(investor=investor, name=name, title=title)
    contact.mobile = mobile
    contact.full_clean()
    contact.save()
    return contact


def interaction_log(*, by, data, investor=None, project=None):
    """Log a visit or negotiation; `investor` defaults to the project's company record."""
    _require(by)
    if investor is None and project is not None:
        link = project_link_investor(project)
        investor = link.investor if link else None
    if investor is None:
        raise ValidationError(_("Choose the investor this interaction was with."))
    interaction = Interaction(investor=investor, project=project, staff=data.pop("staff", None) or by, **data)
    errors = {}
    if interaction.next_step_due and not (interaction.next_step or "").strip():
        errors["next_step"] = _("Say what the next step is.")
    if interaction.next_step_due and interaction.next_step_due < interaction.date:
        errors["next_step_due"] = _("The next step cannot be due before the interaction.")
    if interaction.date and interaction.date > timezone.localdate():
        errors["date"] = _("An interaction cannot be logged for a future date.")
    if errors:
        raise ValidationError(errors)
    interaction.full_clean()
    with transaction.atomic():
        interaction.save()
        audit_record(
            obj=interaction,
            action="investor.interaction",
            actor=by,
            note=interaction.outcome[:200],
            data={"investor": investor.name, "date": interaction.date.isoformat()},
            project_id=project.pk if project else None,
        )
    return interaction


def next_step_done(*, by, interaction, on=None):
    _require(by)
    from .panels import lead_figures

    Interaction.objects.filter(pk=interaction.pk, next_step_done__isnull=True).update(
        next_step_done=on or timezone.localdate()
    )
    lead_figures.bump()  # the update sends no signal


def project_origin_set(*, by, project, source=None, introduced_by=None, owner=None):
    """Where a project came from (source, the local firm that introduced it) and who owns the lead."""
    _require(by)
    if introduced_by is not None and not introduced_by.is_local:
        raise ValidationError(
            {"introduced_by": _("Only a firm landed in the county can introduce a project (以企引企).")}
        )
    with transaction.atomic():
        link = project_link_investor(project)
        if link is None:
            raise ValidationError(_("The project has no investor name."))
        link = ProjectInvestor.objects.select_for_update().get(pk=link.pk)
        if introduced_by is not None and introduced_by.pk == link.investor_id:
            raise ValidationError({"introduced_by": _("A firm cannot introduce its own project.")})
        link.source, link.introduced_by = source, introduced_by
        if owner is not None and owner.pk != link.owner_id:
            link.owner, link.owner_since = owner, timezone.localdate()
        link.save()
        audit_record(
            obj=link,
            action="investor.origin",
            actor=by,
            project_id=project.pk,
            data={
                "source": source.name if source else "",
                "introduced_by": introduced_by.name if introduced_by else "",
                "owner": str(link.owner) if link.owner else "",
            },
        )
    return link


def ceremony_create(*, by, name, date, place=""):
    _require(by)
    ceremony = SigningCeremony(name=name, date=date, place=place, created_by=by)
    ceremony.full_clean()
    ceremony.save()
    audit_record(obj=ceremony, action="investor.ceremony", actor=by)
    return ceremony


def _already_signed(project):
    first = CeremonyListing.objects.filter(project=project, signs=True).select_related("ceremony").first()
    if first is not None:
        return _(
            "“%(project)s” was already signed at “%(ceremony)s” on %(date)s; a project is signed once."
        ) % {
            "project": project.name,
            "ceremony": first.ceremony.name,
            "date": first.ceremony.date.isoformat(),
        }
    if project.state in SIGNED_STATES or project.contract_date:
        return _("“%(project)s” was already signed on %(date)s; a project is signed once.") % {
            "project": project.name,
            "date": project.contract_date.isoformat() if project.contract_date else "—",
        }
    return None


def ceremony_list_project(*, by, ceremony, project, amount=None, relisting=False):
    """List `project` at `ceremony`. Signing it moves it to `signed` (contract date = the ceremony's,
    contracted investment = the amount). A project already signed is refused as a signing; it may
    be listed again only as a re-listing, which signs nothing and adds no amount."""
    _require(by)
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        if CeremonyListing.objects.filter(ceremony=ceremony, project=project).exists():
            raise ValidationError({"project": _("This ceremony already lists the project.")}, code="listed")
        signed = _already_signed(project)
        if relisting:
            if signed is None:
                raise ValidationError(
                    {"relisting": _("The project has not been signed yet: list it as a signing.")},
                    code="unsigned",
                )
            listing = CeremonyListing.objects.create(
                ceremony=ceremony, project=project, signs=False, amount=0, created_by=by
            )
        else:
            if signed is not None:
                raise ValidationError({"project": signed}, code="signed_twice")
            if project.state != ProjectState.DECISION:
                raise ValidationError(
                    {
                        "project": _(
                            "Only a project awaiting signing (decided) can be signed; “%(p)s” is at “%(s)s”."
                        )
                        % {"p": project.name, "s": project.get_state_display()}
                    },
                    code="not_ready",
                )
            if amount is None or amount <= 0:
                raise ValidationError({"amount": _("Enter the signed amount.")}, code="amount")
            project_transition(
                project=project,
                to=ProjectState.SIGNED,
                by=by,
                note=ceremony.name,
                data={"contract_date": ceremony.date, "contracted_investment": amount},
            )
            listing = CeremonyListing.objects.create(
                ceremony=ceremony, project=project, signs=True, amount=amount, created_by=by
            )
        audit_record(
            obj=listing,
            action="investor.listed",
            actor=by,
            project_id=project.pk,
            data={"ceremony": ceremony.name, "signs": listing.signs, "amount": str(listing.amount)},
        )
    return listing
