"""Investor pages: thin views over the selectors and services."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chains.permissions import can_manage_chains
from org.access import gated_by
from projects.models import Project
from xianju_invest.errors import add_service_errors

from . import selectors, services
from .enums import InvestorKind
from .forms import (
    INTERACTION_FIELDS,
    CeremonyForm,
    ContactForm,
    InteractionForm,
    InvestorForm,
    ListingForm,
    OriginForm,
)
from .models import Interaction, Investor, ProjectInvestor, Source
from .pagination import InvestorPaginator
from .permissions import can_manage_investors, can_view_investors, sees_contact_details

PAGE_SIZE = 25


def _require(allowed):
    if not allowed:
        raise PermissionDenied


def _interaction_data(form):
    return {k: form.cleaned_data[k] for k in INTERACTION_FIELDS if k in form.cleaned_data and k != "project"}


@gated_by(can_view_investors)
def investor_list(request):
    local = {"1": True, "0": False}.get(request.GET.get("local", ""))
    source = request.GET.get("source", "")
    rows = selectors.investor_list(
        q=request.GET.get("q", "").strip(),
        kind=request.GET.get("kind", "") if request.GET.get("kind") in InvestorKind.values else "",
        source=int(source) if source.isdigit() else None,
        local=local,
    ).only(*selectors.LIST_COLUMNS)  # the page's columns; the notes and identifiers are wide
    page = InvestorPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    kind_labels = {value: str(label) for value, label in InvestorKind.choices}
    investors = list(page.object_list)
    for investor in investors:
        investor.kind_label = kind_labels[investor.kind]  # once per page, not a choices lookup per row
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "page": page,
        "investors": investors,
        "query": params.urlencode(),
        "kinds": InvestorKind.choices,
        "sources": Source.objects.order_by("name"),
        "can_manage": can_manage_investors(request.user),
        # Labels and the record URL once per page, not per row: record pages are <list>/<id>/.
    }
    return render(request, "investors/list.html", context)


def _detail(request, investor, interaction_form=None, contact_form=None):
    projects = selectors.investor_projects(investor)
    context = {
        "investor": investor,
        "timeline": selectors.investor_timeline(investor, request.user),
        "contacts": investor.contacts.all(),
        "projects": projects.select_related("investor_side__introduced_by", "investor_side__owner"),
        "introduced": Project.objects.filter(investor_side__introduced_by=investor),
        "targets": investor.targets.select_related("chain_link__chain", "target_list").order_by("pk"),
        "can_place": can_manage_chains(request.user),
        "can_manage": can_manage_investors(request.user),
        "sees_details": sees_contact_details(request.user),
        "interaction_form": interaction_form
        or InteractionForm(projects=projects, initial={"date": timezone.localdate()}),
        "contact_form": contact_form or ContactForm(),
    }
    return render(request, "investors/detail.html", context)


@gated_by(can_view_investors)
def investor_detail(request, pk):
    investors = Investor.objects.select_related("source", "hometown", "chain_link__chain")
    return _detail(request, get_object_or_404(investors, pk=pk))


@gated_by(can_manage_investors)
def investor_edit(request, pk=None):
    investor = get_object_or_404(Investor, pk=pk) if pk else Investor()
    form = InvestorForm(request.POST or None, instance=investor)
    if request.method == "POST" and form.is_valid():
        try:
            investor = services.investor_save(by=request.user, investor=investor, data=form.service_data())
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Investor record saved."))
            return redirect("investors:detail", investor.pk)
    return render(request, "investors/form.html", {"form": form, "investor": investor if pk else None})


@gated_by(can_manage_investors)
@require_POST
def contact_add(request, pk):
    investor = get_object_or_404(Investor, pk=pk)
    form = ContactForm(request.POST)
    if form.is_valid():
        try:
            services.contact_add(by=request.user, investor=investor, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Contact added."))
            return redirect("investors:detail", pk)
    return _detail(request, investor, contact_form=form)


@gated_by(can_manage_investors)
@require_POST
def interaction_add(request, pk):
    investor = get_object_or_404(Investor, pk=pk)
    form = InteractionForm(request.POST, projects=selectors.investor_projects(investor))
    if form.is_valid():
        try:
            services.interaction_log(
                by=request.user,
                investor=investor,
                project=form.cleaned_data.get("project"),
                data=_interaction_data(form),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Interaction logged."))
            return redirect("investors:detail", pk)
    return _detail(request, investor, interaction_form=form)


@gated_by(can_view_investors)
def project_investor(request, pk):
    """A project's investor side: its company record, source, introducing firm, owner, and visits."""
    project = get_object_or_404(Project, pk=pk)
    link = (
        ProjectInvestor.objects.filter(project=project)
        .select_related("investor", "source", "introduced_by", "owner")
        .first()
    )
    can_manage = can_manage_investors(request.user)
    interaction_form = InteractionForm(initial={"date": timezone.localdate()})
    origin_form = OriginForm(
        initial={"source": link.source_id, "introduced_by": link.introduced_by_id, "owner": link.owner_id}
        if link
        else None
    )
    if request.method == "POST":
        _require(can_manage)
        which = request.POST.get("form")
        try:
            if which == "origin":
                origin_form = OriginForm(request.POST)
                if origin_form.is_valid():
                    services.project_origin_set(by=request.user, project=project, **origin_form.cleaned_data)
                    messages.success(request, _("Saved."))
                    return redirect("investors:project", pk)
            else:
                interaction_form = InteractionForm(request.POST)
                if interaction_form.is_valid():
                    services.interaction_log(
                        by=request.user, project=project, data=_interaction_data(interaction_form)
                    )
                    messages.success(request, _("Interaction logged."))
                    return redirect("investors:project", pk)
        except ValidationError as exc:
            add_service_errors(origin_form if which == "origin" else interaction_form, exc)
    context = {
        "project": project,
        "link": link,
        "project_name": project.name_for(request.user),
        "interactions": Interaction.objects.filter(project=project).select_related("staff", "outpost"),
        "can_manage": can_manage,
        "interaction_form": interaction_form,
        "origin_form": origin_form,
    }
    return render(request, "investors/project.html", context)


@gated_by(can_manage_investors)
@require_POST
def step_done(request, pk):
    interaction = get_object_or_404(Interaction, pk=pk)
    services.next_step_done(by=request.user, interaction=interaction)
    messages.success(request, _("Next step marked done."))
    return redirect("investors:detail", interaction.investor_id)


@gated_by(can_view_investors)
def conversions(request):
    return render(
        request,
        "investors/conversions.html",
        {"sources": selectors.conversions_by_source(), "staff": selectors.conversions_by_staff()},
    )


@gated_by(can_view_investors)
def stalled(request):
    today = timezone.localdate()
    rows = list(selectors.stalled_leads(today=today)[:200])
    for p in rows:
        p.days_in_stage = selectors.days_in_stage(p, today)
    return render(
        request,
        "investors/stalled.html",
        {"rows": rows, "due": selectors.next_steps_due(today=today)[:100]},
    )


@gated_by(can_view_investors)
def ceremonies(request):
    form = CeremonyForm(request.POST or None)
    if request.method == "POST":
        _require(can_manage_investors(request.user))
        if form.is_valid():
            try:
                ceremony = services.ceremony_create(by=request.user, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("investors:ceremony", ceremony.pk)
    return render(
        request,
        "investors/ceremonies.html",
        {
            "ceremonies": selectors.ceremonies(),
            "form": form,
            "can_manage": can_manage_investors(request.user),
        },
    )


@gated_by(can_view_investors)
def ceremony(request, pk):
    found = get_object_or_404(selectors.ceremonies(), pk=pk)
    form = ListingForm(request.POST or None)
    if request.method == "POST":
        _require(can_manage_investors(request.user))
        if form.is_valid():
            try:
                services.ceremony_list_project(by=request.user, ceremony=found, **form.cleaned_data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Project listed."))
                return redirect("investors:ceremony", pk)
    return render(
        request,
        "investors/ceremony.html",
        {
            "ceremony": found,
            "listings": selectors.ceremony_listings(found),
            "form": form,
            "can_manage": can_manage_investors(request.user),
        },
    )


@gated_by(can_view_investors)
def unfunded(request):
    months = request.GET.get("months", "")
    rows, months = selectors.unfunded_signings(
        months=int(months) if months.isdigit() and int(months) < 600 else None
    )
    return render(
        request, "investors/unfunded.html", {"rows": rows[:500], "count": rows.count(), "months": months}
    )
