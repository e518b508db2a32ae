"""Reads for the chain map and the chain leader's view, aggregated in the database.

A link's counts are its own (a parent link does not add its children's): local firms placed on it,
open projects on it (in the pipeline, not exited, rejected or assessed), and its targets by funnel
stage. Its state follows the link-state rule in force (LinkStatePolicy), as a CASE in the query.
"""

import datetime as dt

from django.db.models import Case, CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from investors.enums import InvestorKind
from investors.models import Investor
from projects.analytics import RATES, ZERO, Period, percentage, rate_conditions
from projects.enums import PIPELINE, SIGNED_STATES, TERMINAL_STATES, ProjectState
from projects.models import Project
from xianju_invest.cache import VersionedCache

from .enums import FunnelStage, LinkState
from .models import ChainLink, IndustryChain, LinkStatePolicy, Target

LANDED_STATES = PIPELINE[PIPELINE.index(ProjectState.STARTED) :]
OPEN_EXCLUDED = list(TERMINAL_STATES)

active_chains = VersionedCache(
    "chains:active",
    timeout=600,
    moved_by="post_save / post_delete of IndustryChain (chains/apps.py); .update(): the ten-minute expiry",
)


def active_chain_codes():
    """The codes of the chains a lead may name (a public report, its form): every public report
    checks its chain against them, so they are kept in `active_chains`."""
    return active_chains.get_or_set("codes", _active_codes)


def _active_codes():
    return frozenset(IndustryChain.objects.filter(is_active=True).values_list("code", flat=True))


def policy_in_force(on=None):
    """The link-state rule effective on `on` (today); the default rule if none is recorded."""
    on = on or timezone.localdate()
    policy = LinkStatePolicy.objects.filter(effective_from__lte=on).order_by("-effective_from").first()
    return policy or LinkStatePolicy(effective_from=dt.date(2022, 1, 1))


def rule_text(policy):
    """The rule as the page states it."""
    if policy.open_project_fills_gap:
        missing = _("no local firm and no open project")
    else:
        missing = _("no local firm")
    return _(
        "A link is missing when it has %(missing)s; weak when it has fewer than %(n)s local firms; "
        "strong otherwise. Rule in force since %(date)s."
    ) % {"missing": missing, "n": policy.weak_below_firms, "date": policy.effective_from}


def local_firms():
    """The county's local firms: company investor records that are local (one record per company)."""
    return Investor.objects.filter(is_local=True)


def _count(queryset):
    """A correlated COUNT per link, as a subquery (no join fan-out between firms and projects)."""
    counted = queryset.filter(chain_link=OuterRef("pk")).order_by().values("chain_link")
    # COUNT(*): the (chain_link, state) indexes answer it without reading the rows.
    return Coalesce(Subquery(counted.annotate(n=Count("*")).values("n"), output_field=IntegerField()), 0)


def state_case(policy):
    missing = Q(firm_count=0)
    if policy.open_project_fills_gap:
        missing &= Q(open_project_count=0)
    return Case(
        When(missing, then=Value(LinkState.MISSING.value)),
        When(firm_count__lt=policy.weak_below_firms, then=Value(LinkState.WEAK.value)),
        default=Value(LinkState.STRONG.value),
        output_field=CharField(),
    )


def links_with_state(links, policy=None, *, with_funnel=False):
    """`links` annotated with firm_count, open_project_count, link_state (and the target funnel)."""
    policy = policy or policy_in_force()
    links = links.annotate(
        firm_count=_count(local_firms()),
        open_project_count=_count(Project.objects.exclude(state__in=OPEN_EXCLUDED)),
    ).annotate(link_state=state_case(policy))
    if with_funnel:
        links = links.annotate(**{f"funnel_{stage}": _count(qs) for stage, qs in funnel_sets().items()})
    return links


def funnel_sets():
    """Targets at or past each funnel stage."""
    targets = Target.objects.all()
    return {
        FunnelStage.TARGETS.value: targets,
        FunnelStage.CONTACTED.value: targets.filter(Q(contacted_on__isnull=False) | Q(project__isnull=False)),
        FunnelStage.LEADS.value: targets.filter(project__isnull=False),
        FunnelStage.SIGNED.value: targets.filter(project__state__in=SIGNED_STATES),
        FunnelStage.LANDED.value: targets.filter(project__state__in=LANDED_STATES),
    }


def chain_map(platform=None, *, chains=None, policy=None):
    """The chains of a platform (or `chains`), each with its links as a tree, counts and states.

    Two queries: the chains, and every link of them annotated in the database.
    """
    policy = policy or policy_in_force()
    if chains is None:
        chains = IndustryChain.objects.filter(is_active=True)
        if platform is not None:
            chains = chains.filter(platform=platform)
    chains = list(chains.select_related("platform", "chief", "leader_firm"))
    links = links_with_state(
        ChainLink.objects.filter(chain__in=chains).order_by("level", "order", "pk"), policy, with_funnel=True
    )
    by_chain = {
        chain.pk: {"chain": chain, "roots": [], "states": dict.fromkeys(LinkState.values, 0)}
        for chain in chains
    }
    nodes = {}
    for link in links:
        link.children_nodes = []
        nodes[link.pk] = link
        entry = by_chain[link.chain_id]
        entry["states"][link.link_state] += 1
        parent = nodes.get(link.parent_id)
        (parent.children_nodes if parent else entry["roots"]).append(link)
    return {"policy": policy, "rule": rule_text(policy), "chains": [by_chain[c.pk] for c in chains]}


def flat_links(roots):
    """Depth-first list of a chain's link nodes (for the phone list and tables)."""
    out = []
    stack = list(reversed(roots))
    while stack:
        link = stack.pop()
        out.append(link)
        stack.extend(reversed(link.children_nodes))
    return out


def tree_data(entry):
    """One chain's tree for ECharts: name, value (counts), state per node."""

    def node(link):
        return {
            "name": link.name,
            "state": link.link_state,
            "firms": link.firm_count,
            "projects": link.open_project_count,
            "targets": link.funnel_targets,
            "children": [node(child) for child in link.children_nodes],
        }

    chain = entry["chain"]
    return {"name": chain.name, "state": "", "children": [node(link) for link in entry["roots"]]}


def gaps_closed(chain, *, year=None, policy=None):
    """Links of `chain` that had no local firm on 1 January and gained one, or a signed project, since.

    A firm counts from its `local_since` date (no date: it was there before); a project from its
    contract date.
    """
    year = year or timezone.localdate().year
    start = dt.date(year, 1, 1)
    before = local_firms().filter(Q(local_since__lt=start) | Q(local_since__isnull=True))
    new_firms = local_firms().filter(local_since__gte=start)
    signed = Project.objects.filter(contract_date__gte=start).exclude(state=ProjectState.EXITED)
    links = (
        ChainLink.objects.filter(chain=chain)
        .annotate(firms_before=_count(before), firms_new=_count(new_firms), signed_new=_count(signed))
        .filter(firms_before=0)
        .filter(Q(firms_new__gt=0) | Q(signed_new__gt=0))
        .order_by("level", "order", "pk")
    )
    return list(links)


def rates_by_link(chain, period=None):
    """The five ledger rates (projects.analytics) per link of `chain`, in one grouped query."""
    today = timezone.localdate()
    period = period or Period(dt.date(today.year, 1, 1), today, today)
    aggregates = {
        "projects": Count("pk"),
        "open_projects": Count("pk", filter=~Q(state__in=OPEN_EXCLUDED)),
        "investment": Coalesce(Sum("total_investment"), ZERO),
    }
    for rate in RATES:
        den, num = rate_conditions(rate.key, period)
        if rate.is_amount:
            aggregates[f"{rate.key}_num"] = Sum(rate.numerator_field, filter=den)
            aggregates[f"{rate.key}_den"] = Sum(rate.denominator_field, filter=den)
        else:
            aggregates[f"{rate.key}_num"] = Count("pk", filter=num)
            aggregates[f"{rate.key}_den"] = Count("pk", filter=den)
    rows = Project.objects.filter(industry_chain=chain).order_by().values("chain_link").annotate(**aggregates)
    result = {}
    for row in rows:
        row["rates"] = [
            {
                "key": rate.key,
                "label": rate.label,
                "numerator": row[f"{rate.key}_num"] or 0,
                "denominator": row[f"{rate.key}_den"] or 0,
                "percent": percentage(row[f"{rate.key}_num"] or 0, row[f"{rate.key}_den"] or 0),
            }
            for rate in RATES
        ]
        result[row["chain_link"]] = row
    return result, period


def chain_projects(chain, *, limit=100):
    return (
        Project.objects.filter(industry_chain=chain)
        .select_related("chain_link", "platform")
        .only(
            "pk", "name", "state", "investor_name", "total_investment", "chain_link__name", "platform__name"
        )
        .order_by("chain_link__level", "chain_link__order", "-created_at")[:limit]
    )


def link_firms(link, *, limit=200):
    return local_firms().filter(chain_link=link).order_by("name_key", "pk")[:limit]


def link_targets(link):
    return (
        Target.objects.filter(chain_link=link)
        .select_related("owner", "project", "target_list", "investor")
        .order_by(F("project_id").asc(nulls_first=True), "name")
    )


def placeable_or_404(kind, pk):
    """A company investor record (kind "firm") or a ledger project (kind "project")."""
    if kind == "project":
        return get_object_or_404(Project.objects.select_related("chain_link__chain"), pk=pk)
    return get_object_or_404(
        Investor.objects.select_related("chain_link__chain"), pk=pk, kind=InvestorKind.COMPANY
    )


def placement_links(obj):
    """The links staff may put `obj` on by hand: a project's chain's, a firm's platform's chains'
    (and chains of no platform), every active chain's when neither is known."""
    links = ChainLink.objects.filter(chain__is_active=True).select_related("chain")
    if isinstance(obj, Project) and obj.industry_chain_id:
        links = links.filter(chain__code=obj.industry_chain_id)
    elif obj.platform_id:
        links = links.filter(Q(chain__platform_id=obj.platform_id) | Q(chain__platform__isnull=True))
    return links.order_by("chain__order", "chain__code", "level", "order", "pk")


def visible_chains(user):
    """Every active chain; who may see chains at all is decided by chains.permissions."""
    return IndustryChain.objects.filter(is_active=True).select_related("platform")
