"""Reads: the investor list and record, conversions, stalled leads, ceremonies and unfunded signings."""

import calendar
import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Count, DateTimeField, F, IntegerField, Max, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from audit.models import AuditEntry
from projects.company import same_company_q
from projects.enums import SIGNED_STATES, ProjectState
from projects.models import Project
from workdays.services import add_workdays

from .clocks import TALKING
from .models import (
    CeremonyListing,
    Interaction,
    Investor,
    LeadClockPolicy,
    ProjectInvestor,
    SigningCeremony,
    Source,
)

SIGNED = Q(state__in=SIGNED_STATES)


LIST_COLUMNS = ("kind", "name", "name_key", "credit_code", "is_local", "source__name")


def investor_list(*, q="", kind="", source=None, local=None):
    """The investor list, in name-key order (the index `investor_list_idx`), with its project count."""
    qs = Investor.objects.select_related("source")
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(credit_code=q.strip().upper()))
    if kind:
        qs = qs.filter(kind=kind)
    if source:
        qs = qs.filter(source_id=source)
    if local is not None:
        qs = qs.filter(is_local=local)
    projects = (
        ProjectInvestor.objects.filter(investor=OuterRef("pk"))
        .order_by()
        .values("investor")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return qs.annotate(project_count=Coalesce(Subquery(projects, output_field=IntegerField()), 0)).order_by(
        "name_key", "id"
    )


def investor_projects(investor):
    """Every ledger project of this company. Each project is linked to its company's one record as
    it is saved (by the ledger's key: investors.services.project_link_investor), so the link is the
    index to read, whatever spelling or credit code the project was entered with."""
    return Project.objects.filter(investor_side__investor=investor)


def investor_referrals(investor):
    from referrals.models import Referral

    if investor.kind != "company":
        return Referral.objects.none()
    return Referral.objects.filter(
        same_company_q(
            name_key=investor.name_key,
            code_key=investor.code_key,
            name_field="company_name_key",
            code_field="company_code_key",
        )
    )


def investor_timeline(investor, user):
    """Interactions, projects (created, signed) and referrals of one investor, newest first."""
    items = []
    for i in investor.interactions.select_related("staff", "project", "outpost"):
        items.append({"date": i.date, "kind": "interaction", "interaction": i})
    for p in investor_projects(investor).select_related("investor_side__introduced_by"):
        items.append(
            {
                "date": timezone.localdate(p.created_at),
                "kind": "project",
                "project": p,
                "name": p.name_for(user),
            }
        )
        if p.contract_date:
            items.append({"date": p.contract_date, "kind": "signed", "project": p, "name": p.name_for(user)})
    for r in investor_referrals(investor):
        items.append({"date": timezone.localdate(r.submitted_at), "kind": "referral", "referral": r})
    items.sort(key=lambda item: item["date"], reverse=True)
    return items


def stage_entered():
    """When the project entered its present state: its last transition, else its creation."""
    last = (
        AuditEntry.objects.filter(project_id=OuterRef("pk"), action="project.transition")
        .order_by("-at")
        .values("at")[:1]
    )
    return Coalesce(Subquery(last, output_field=DateTimeField()), F("created_at"))


def talking_projects(today=None):
    return Project.objects.filter(state__in=TALKING).annotate(
        stage_entered=stage_entered(), last_note=Max("interactions__date")
    )


def stalled_leads(*, today=None):
    """Leads in talks whose last progress note (or stage change) is older than the policy's interval:
    the centre's stalled list, longest silent first. `days_in_stage` in calendar days."""
    today = today or timezone.localdate()
    policy = LeadClockPolicy.on(today)
    since = add_workdays(today, -policy.progress_note_workdays)
    cutoff = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    qs = (
        talking_projects(today)
        .filter(stage_entered__lt=cutoff)
        .filter(Q(last_note__isnull=True) | Q(last_note__lt=since))
    )
    return qs.select_related("investor_side__owner", "responsible_unit").order_by("stage_entered", "pk")


def days_in_stage(project, today=None):
    today = today or timezone.localdate()
    entered = getattr(project, "stage_entered", None) or project.created_at
    return (today - timezone.localdate(entered)).days


def conversions_by_source():
    """Per source: investors, projects, projects signed (conversions), in the database."""
    return Source.objects.annotate(
        investor_count=Count("investors", distinct=True),
        project_count=Count("project_links", distinct=True),
        signed_count=Count(
            "project_links", filter=Q(project_links__project__state__in=SIGNED_STATES), distinct=True
        ),
    ).order_by("kind", "name")


def conversions_by_staff():
    """Per staff member: interactions logged, leads owned, owned leads signed."""
    return (
        get_user_model()
        .objects.annotate(
            interaction_count=Count("interactions", distinct=True),
            lead_count=Count("owned_leads", distinct=True),
            signed_count=Count(
                "owned_leads", filter=Q(owned_leads__project__state__in=SIGNED_STATES), distinct=True
            ),
        )
        .filter(Q(interaction_count__gt=0) | Q(lead_count__gt=0))
        .order_by("-signed_count", "-lead_count", "pk")
    )


def ceremonies():
    """Each ceremony with its signed total and the funds received so far on what it signed."""
    signs = Q(listings__signs=True)
    return SigningCeremony.objects.annotate(
        listed=Count("listings"),
        signed=Count("listings", filter=signs),
        relisted=Count("listings", filter=Q(listings__signs=False)),
        signed_total=Coalesce(
            Sum("listings__amount", filter=signs), 0, output_field=CeremonyListing._meta.get_field("amount")
        ),
        funds_total=Coalesce(
            Sum("listings__project__funds_received", filter=signs),
            0,
            output_field=CeremonyListing._meta.get_field("amount"),
        ),
    ).order_by("-date", "-id")


def ceremony_listings(ceremony):
    return ceremony.listings.select_related("project").order_by("-signs", "id")


def months_before(day, months):
    """The same day `months` earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = index // 12, index % 12 + 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def unfunded_signings(*, months=None, today=None):
    """Projects signed more than `months` ago (default: the policy's) with no funds received (到资)."""
    today = today or timezone.localdate()
    months = LeadClockPolicy.on(today).unfunded_months if months is None else months
    before = months_before(today, months)
    return (
        Project.objects.filter(SIGNED, contract_date__lte=before, funds_received=0)
        .exclude(state=ProjectState.EXITED)
        .select_related("responsible_unit")
        .order_by("contract_date", "pk")
    ), months


def next_steps_due(*, today=None, within_workdays=5):
    today = today or timezone.localdate()
    until = add_workdays(today, within_workdays)
    return (
        Interaction.objects.filter(next_step_done__isnull=True, next_step_due__lte=until)
        .select_related("investor", "staff")
        .order_by("next_step_due", "pk")
    )
