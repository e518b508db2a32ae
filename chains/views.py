"""Chain pages: thin, calling selectors and services."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from org.access import gated_by
from org.models import Unit
from xianju_invest.errors import add_service_errors

from . import permissions as can
from . import selectors, services
from .enums import FunnelStage, LinkState
from .forms import PlacementForm, PlatformForm, TargetImportForm
from .models import ChainLink, IndustryChain, Target
from .placement import automatic_link


def _chart_labels():
    return {
        "states": {state.value: str(state.label) for state in LinkState},
        "firms": _("local firms"),
        "projects": _("open projects"),
        "targets": _("targets"),
    }


@gated_by(can.can_view_chains)
def chain_map(request):
    form = PlatformForm(request.GET or None)
    platform = form.cleaned_data["platform"] if form.is_valid() else None
    if platform is None:
        platform = Unit.objects.filter(industry_chains__is_active=True).order_by("pk").first()
        form = PlatformForm(initial={"platform": platform})
    data = selectors.chain_map(platform)
    for entry in data["chains"]:
        entry["links"] = selectors.flat_links(entry["roots"])
    charts = {
        "labels": _chart_labels(),
        "chains": [{"id": e["chain"].pk, "tree": selectors.tree_data(e)} for e in data["chains"]],
    }
    return render(
        request,
        "chains/map.html",
        {"form": form, "platform": platform, "charts": charts, **data},
    )


@gated_by(can.can_view_chains)
def chain_detail(request, pk):
    """The chain leader's view: gaps closed this year, projects, rates and target funnel per link."""
    chain = get_object_or_404(IndustryChain.objects.select_related("platform", "chief", "leader_firm"), pk=pk)
    data = selectors.chain_map(chains=IndustryChain.objects.filter(pk=chain.pk))
    entry = data["chains"][0]
    links = selectors.flat_links(entry["roots"])
    by_link, period = selectors.rates_by_link(chain)
    for link in links:
        link.figures = by_link.get(link.pk)
    return render(
        request,
        "chains/chain.html",
        {
            "chain": chain,
            "entry": entry,
            "links": links,
            "unplaced": by_link.get(None),
            "period": period,
            "rule": data["rule"],
            "gaps_closed": selectors.gaps_closed(chain),
            "projects": selectors.chain_projects(chain),
            "task_force": chain.task_force.order_by("username"),
            "stages": FunnelStage,
            "can_manage": can.can_manage_chains(request.user),
        },
    )


@gated_by(can.can_view_chains)
def link_detail(request, pk):
    link = get_object_or_404(
        selectors.links_with_state(ChainLink.objects.select_related("chain", "parent"), with_funnel=True),
        pk=pk,
    )
    return render(
        request,
        "chains/link.html",
        {
            "link": link,
            "rule": selectors.rule_text(selectors.policy_in_force()),
            "firms": selectors.link_firms(link),
            "projects": link.projects.select_related("platform").order_by("-created_at")[:200],
            "targets": selectors.link_targets(link),
            "can_manage": can.can_manage_chains(request.user),
        },
    )


@gated_by(can.can_manage_chains)
def target_import(request):
    result = None
    form = TargetImportForm(
        request.POST or None, request.FILES or None, initial={"chain": request.GET.get("chain")}
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = services.target_list_import(
                chain=data["chain"],
                name=data["name"],
                source=data["source"],
                file=data["file"],
                by=request.user,
                default_link=data["default_link"],
                default_owner=data["default_owner"],
            )
        except ValidationError as exc:
            form.add_error("file", exc.messages)
        else:
            if result.ok:
                messages.success(
                    request,
                    _("%(created)s targets imported, %(skipped)s rows skipped.")
                    % {"created": len(result.created), "skipped": len(result.skipped)},
                )
            else:
                messages.error(request, _("Nothing was imported: correct the rows below and upload again."))
    return render(request, "chains/target_import.html", {"form": form, "result": result})


def _target_or_404(pk):
    return get_object_or_404(Target.objects.select_related("chain_link__chain"), pk=pk)


@gated_by(can.can_manage_chains)
@require_POST
def target_contacted(request, pk):
    target = _target_or_404(pk)
    services.target_contacted(target=target, by=request.user)
    messages.success(request, _("Marked as contacted."))
    return redirect("chains:link", pk=target.chain_link_id)


@gated_by(can.can_manage_chains)
@require_POST
def target_lead(request, pk):
    target = _target_or_404(pk)
    try:
        target = services.target_to_lead(target=target, by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect("chains:link", pk=target.chain_link_id)
    messages.success(request, _("The target is now a lead in the ledger."))
    return redirect("projects:detail", pk=target.project_id)


@gated_by(can.can_manage_chains)
@require_http_methods(["GET", "POST"])
def placement(request, kind, pk):
    """Move a firm or a project to another link by hand, or back to placement by industry code."""
    obj = selectors.placeable_or_404(kind, pk)
    form = PlacementForm(
        request.POST or None,
        links=selectors.placement_links(obj),
        initial={"link": obj.chain_link_id if obj.chain_link_set_by_hand else None},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.placement_set(
                by=request.user, obj=obj, link=form.cleaned_data["link"], note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Placement saved."))
            if kind == "project":
                return redirect("projects:detail", pk=obj.pk)
            return redirect("investors:detail", pk=obj.pk)
    name = obj.name_for(request.user) if kind == "project" else obj.name
    context = {"obj": obj, "kind": kind, "name": name, "form": form, "automatic": automatic_link(obj)}
    return render(request, "chains/placement.html", context)
