"""Reads: the league table of a period, a unit's lines, challenges, frozen boards."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from org.models import Unit
from xianju_invest.cache import VersionedCache

from . import drilldown as D
from . import enterprise as E
from . import lines as L
from .enums import GROUP_UNIT_KIND, ChallengeState, Rule, ScoringGroup
from .models import BoardSnapshot, BundleMember, Challenge, ProjectCredit, ScoringPolicy, SnapshotRow
from .ranking import competition_ranks, red_and_black, tier_for

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


def cents(value):
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass
class BoardRow:
    unit_id: int
    unit_name: str
    group: str
    own: Decimal = ZERO
    bundle: Decimal = ZERO
    parts: dict = field(default_factory=dict)
    lifted: bool = False
    rank: int = 0
    tier: str = ""
    red: bool = False
    black: bool = False
    previous_rank: int | None = None
    previous_score: Decimal | None = None

    @property
    def score(self):
        return self.own + self.bundle

    @property
    def rank_change(self):
        """Places gained since the previous period (positive is better)."""
        return None if self.previous_rank is None else self.previous_rank - self.rank

    @property
    def score_change(self):
        return None if self.previous_score is None else self.score - self.previous_score


def scored_units(group=None):
    kinds = [GROUP_UNIT_KIND[g] for g in ([group] if group else ScoringGroup)]
    return Unit.objects.filter(kind__in=kinds, is_active=True).order_by("kind", "review_order", "code")


def _require_policies(period):
    policies = L.policies_for(period)
    if not policies:
        raise ValidationError(
            _("No scoring policy is in force on %(day)s; enter one in the administration first.")
            % {"day": period.start},
            code="policy",
        )
    return policies


@dataclass
class PeriodPoints:
    """What the board of one period needs: points per unit and rule, units lifted, the policy."""

    period: object
    policy: object
    parts: dict = field(default_factory=lambda: defaultdict(lambda: defaultdict(lambda: ZERO)))
    lifted: set = field(default_factory=set)


def unit_points(period):
    """{unit id: {rule: points}}, the units lifted one tier and the policy at the period's end."""
    points = periods_points([period])[0]
    return points.parts, points.lifted, points.policy


def periods_points(periods):
    """PeriodPoints for each of `periods`, read together (one query per source for them all).
    A period before the first policy version in force is left out."""
    policies = L.policies_for(L.Span.of(periods))
    if not policies or policies[0].effective_from > periods[0].start:
        _require_policies(periods[0])  # says which day lacks a policy
    periods = [periods[0], *(p for p in periods[1:] if p.start >= policies[0].effective_from)]
    result = [PeriodPoints(p, [v for v in policies if v.effective_from <= p.end][-1]) for p in periods]
    for row in L.project_totals(periods, policies):
        unit = row["credited_unit"]
        for i, points in enumerate(result):
            for key in L.TOTAL_KEYS:
                points.parts[unit][key] += row[f"{key}_{i}"] or ZERO
            if row[f"lift_{i}"]:
                points.lifted.add(unit)
    for rule, rows in (
        (Rule.EXITED, L.exit_totals(periods, policies)),
        (Rule.CHALLENGE, L.challenge_totals(periods)),
        (Rule.ADJUSTMENT, L.adjustment_totals(periods)),
    ):
        for row in rows:
            for i, points in enumerate(result):
                if row[f"points_{i}"]:
                    points.parts[row["credited_unit"]][rule] += row[f"points_{i}"]
    _add_leads(result, periods, policies)
    # Only the periods whose version scores enterprise service read its figures.
    scored = [p for p in result if p.policy.request_overdue or p.policy.request_satisfied]
    figures_by_period = E.figures_by_period([p.period for p in scored]) if scored else []
    for points, figures in zip(scored, figures_by_period, strict=True):
        for unit, unit_figures in figures.items():
            for rule, value in E.service_points(unit_figures, points.policy):
                if value:
                    points.parts[unit][rule] += value
    return result


def _add_leads(result, periods, policies):
    """The first `lead_cap` leads of each unit count (cap of the version in force on the period's
    last day); as versions follow each other in time, the earliest versions' leads come first."""
    by_id = {p.pk: p for p in policies}
    counts = defaultdict(list)
    for row in L.lead_counts(periods, policies):
        if row["lead_unit"] is None:  # no unit was ever responsible for it
            continue
        policy = by_id[row["policy"]]
        counts[(row["period"], row["lead_unit"])].append((policy.effective_from, policy, row["n"]))
    for (i, unit), versions in counts.items():
        left = result[i].policy.lead_cap
        for _day, policy, n in sorted(versions, key=lambda v: v[0]):
            taken = min(n, left)
            left -= taken
            result[i].parts[unit][Rule.LEAD] += cents(policy.lead * taken)


def bundle_mates(period):
    """{unit id: [other member ids]} for the bundles of the period's year."""
    members = BundleMember.objects.filter(year=period.start.year).values_list("bundle_id", "unit_id")
    by_bundle = defaultdict(list)
    for bundle_id, unit_id in members:
        by_bundle[bundle_id].append(unit_id)
    return {u: [o for o in units if o != u] for units in by_bundle.values() for u in units}


def league_table(period, group=None):
    """{group: [BoardRow ordered by rank]} for the period (every group, or one), with the change
    since the previous period (read in the same queries)."""
    current, *previous = periods_points([period, period.previous()])
    board = _board(current, group)
    before = _board(previous[0], group) if previous else {}
    for g, rows in board.items():
        earlier = {r.unit_id: r for r in before.get(g, [])}
        for row in rows:
            if row.unit_id in earlier:
                row.previous_rank, row.previous_score = earlier[row.unit_id].rank, earlier[row.unit_id].score
    return board


def _board(points, group):
    share = points.policy.bundle_share_percent / 100
    mates = bundle_mates(points.period)
    own = {u: sum(p.values(), ZERO) for u, p in points.parts.items()}
    groups = [group] if group else list(ScoringGroup)
    kinds = {GROUP_UNIT_KIND[g]: g for g in groups}
    board = {g: [] for g in groups}
    for unit in scored_units(group).values("pk", "name", "short_name", "kind"):
        row = BoardRow(unit["pk"], unit["short_name"] or unit["name"], kinds[unit["kind"]])
        row.parts = dict(points.parts.get(unit["pk"], {}))
        row.own = cents(own.get(unit["pk"], ZERO))
        row.bundle = sum((cents(own.get(m, ZERO) * share) for m in mates.get(unit["pk"], [])), ZERO)
        row.lifted = unit["pk"] in points.lifted
        board[row.group].append(row)
    for rows in board.values():
        rank_rows(rows, points.policy)
    return board


def rank_rows(rows, policy):
    """Rank, tier, red and black lists of one group's rows (in place, then ordered by rank)."""
    ranks = competition_ranks([r.score for r in rows])
    red, black = red_and_black(ranks)
    for i, (row, rank) in enumerate(zip(rows, ranks, strict=True)):
        row.rank = rank
        row.tier = tier_for(
            rank,
            len(rows),
            a_percent=policy.tier_a_percent,
            b_percent=policy.tier_b_percent,
            lifted=row.lifted,
        )
        row.red, row.black = i in red, i in black
    rows.sort(key=lambda r: r.rank)  # stable: ties keep the units' own order


# Every write that can change a unit's lines moves it (receivers in ScoringConfig.ready, listed in
# docs/architecture.md); the key carries the day, since an open request becomes overdue by the date.
drilldown_cache = VersionedCache(
    "scoring.drilldown",
    timeout=300,
    moved_by=(
        "post_save / post_delete of Project, AuditEntry (a project's rows), ScoreAdjustment, ProjectCredit, "
        "Challenge, ChallengeClaim, Bundle, BundleMember, ScoringPolicy, SizeClass, CategoryWeight and "
        "aftercare's ServiceRequest; writes that bypass signals: the five-minute expiry"
    ),
)
DRILLDOWN_MOVED_BY = (
    "projects.Project",
    "audit.AuditEntry",
    "scoring.ScoreAdjustment",
    "scoring.ProjectCredit",
    "scoring.Challenge",
    "scoring.ChallengeClaim",
    "scoring.Bundle",
    "scoring.BundleMember",
    "scoring.ScoringPolicy",
    "scoring.SizeClass",
    "scoring.CategoryWeight",
    "aftercare.ServiceRequest",
)


def unit_drilldown(unit, period):
    """Every line behind the unit's score: lines, leads, bundle shares, enterprise-service lines
    (rule, points, the period's figures, version) and the policies by id. Cached per unit, period
    and day under a version that every scoring write moves (`drilldown_cache`)."""
    key = f"{unit.pk}:{period.key}:{timezone.localdate()}"
    return drilldown_cache.get_or_set(key, lambda: _unit_drilldown(unit, period))


def _unit_drilldown(unit, period):
    policies = _require_policies(period)
    names = {p.pk: str(p) for p in ScoringPolicy.objects.all()}
    lines = list(D.unit_lines(unit.pk, period, policies))
    leads = list(D.lead_lines(unit.pk, period, policies))
    cap = policies[-1].lead_cap
    for lead in leads:
        if lead["place"] > cap:
            lead["points"] = ZERO
    bundle = []
    mates = bundle_mates(period).get(unit.pk, [])
    if mates:
        parts, _lifted, policy = unit_points(period)
        share = policy.bundle_share_percent
        for mate in Unit.objects.filter(pk__in=mates).order_by("code"):
            mate_own = cents(sum(parts.get(mate.pk, {}).values(), ZERO))
            bundle.append(
                {"unit": mate, "own": mate_own, "share": share, "points": cents(mate_own * share / 100)}
            )
    figures = E.figures_by_period([period], unit=unit.pk)[0].get(unit.pk)
    service = [
        {"rule": rule, "points": points, "figures": figures, "policy": policies[-1].pk, "on": period.end}
        for rule, points in (E.service_points(figures, policies[-1]) if figures else [])
    ]
    return {
        "lines": lines,
        "leads": leads,
        "lead_cap": cap,
        "bundle": bundle,
        "service": service,
        "policies": names,
    }


def project_credits(project):
    """(declared, rows): the project's credited units and shares, largest share first; without a
    declaration the default row, 100% to the responsible unit (no row if it has none)."""
    declared = list(
        ProjectCredit.objects.filter(project=project)
        .select_related("unit")
        .order_by("-share_percent", "unit__code")
    )
    if declared:
        return True, [{"unit": c.unit, "share_percent": c.share_percent} for c in declared]
    unit = project.responsible_unit
    return False, [{"unit": unit, "share_percent": Decimal("100.00")}] if unit else []


def challenge_board():
    """Open, won and expired challenges with their claims counted."""
    qs = Challenge.objects.select_related("industry_chain", "won_by__unit", "won_by__project").annotate(
        claim_count=Count("claims")
    )
    return {state: list(qs.filter(state=state)) for state in ChallengeState.values}


def snapshot_rows(snapshot):
    return SnapshotRow.objects.filter(snapshot=snapshot).select_related("unit")


def latest_snapshots(count=12):
    return list(BoardSnapshot.objects.order_by("-period_start")[:count])


def rank_trend(unit_ids=None, count=12):
    """{unit id: [(month key, rank)]} from the frozen monthly boards, oldest first."""
    snaps = list(BoardSnapshot.objects.filter(period_kind="month").order_by("-period_start")[:count])
    rows = SnapshotRow.objects.filter(snapshot__in=snaps).values("unit_id", "snapshot__period_start", "rank")
    if unit_ids is not None:
        rows = rows.filter(unit_id__in=unit_ids)
    trend = defaultdict(list)
    for row in rows.order_by("snapshot__period_start"):
        trend[row["unit_id"]].append((f"{row['snapshot__period_start']:%Y-%m}", row["rank"]))
    return trend
