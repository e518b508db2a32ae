"""Score lines, derived in the database from what the ledger records (domain §5).

A line is (unit, project, event, date, rule, points, share, policy version). Nothing is stored:
signings, starts and production come from the project's milestone dates, exits and intake from
its audit timeline, the planned start "recorded at signing" from the audit rows after the signing.
The policy version in force on each event's date gives the points; the few versions that touch a
period are read once and written into the query as CASE expressions, so the database does all the
arithmetic (one rounding per line, half-up to 0.01, after the unit's share).
"""

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, Round, TruncDate
from django.db.models.lookups import GreaterThan, LessThanOrEqual
from django.utils import timezone

from audit.models import AuditEntry
from projects.enums import SIGNED_STATES, InvestorOrigin
from projects.models import Project

from .enums import Rule
from .models import ChallengeState, ProjectCredit, ScoreAdjustment, ScoringPolicy

POINTS = DecimalField(max_digits=12, decimal_places=4)
HUNDRED = Value(Decimal("100"), output_field=POINTS)
COLUMNS = ["l_project", "l_name", "l_on", "l_rule", "l_points", "l_share", "l_policy", "l_note"]


def _dec(value):
    return Value(Decimal(value), output_field=POINTS)


def by_policy(policies, date_ref, value, output_field=POINTS, *, moment=False):
    """`value(policy)` of the version in force on `date_ref` (a date field or annotation; with
    `moment`, a time: a version is in force from the start of its first day)."""
    bound = day_start if moment else (lambda day: day)
    whens = [
        When(**{f"{date_ref}__gte": bound(p.effective_from)}, then=value(p)) for p in reversed(policies[1:])
    ]
    if not whens:
        return value(policies[0])
    return Case(*whens, default=value(policies[0]), output_field=output_field)


def signed_points(policy, prefix=""):
    """Size class by total investment × category weight."""
    classes = sorted(policy.size_classes.all(), key=lambda c: c.min_investment, reverse=True)
    size = Case(
        *[When(**{f"{prefix}total_investment__gte": c.min_investment}, then=_dec(c.points)) for c in classes],
        default=_dec(0),
        output_field=POINTS,
    )
    weight = Case(
        *[
            When(**{f"{prefix}category": w.category}, then=_dec(w.weight))
            for w in policy.category_weights.all()
        ],
        default=_dec(0),
        output_field=POINTS,
    )
    return size * weight


def planned_start_at_signing(prefix, period):
    """The planned start as it stood when the project was signed: the "before" of the first change
    to it after the signing's audit row, else the date on the project now."""
    pk = OuterRef(f"{prefix}pk" if prefix else "pk")
    signed_at = AuditEntry.objects.filter(
        project_id=OuterRef(pk), action="project.transition", to_state="signed"
    ).order_by("at")
    change = (
        AuditEntry.objects.filter(
            project_id=pk,
            action="project.updated",
            at__gt=Subquery(signed_at.values("at")[:1]),
            data__changes__has_key="planned_start_date",
        )
        .order_by("at", "id")
        .annotate(before=Cast(KT("data__changes__planned_start_date__0"), DateField()))
        .values("before")[:1]
    )
    planned = F(f"{prefix}planned_start_date")
    # CASE evaluates the look-ups only for projects that started in the board's period, and the
    # signing's row only for those whose planned start was ever edited (an index probe otherwise).
    edited = AuditEntry.objects.filter(project_id=pk, action="project.updated")
    edited = Exists(edited.filter(data__changes__has_key="planned_start_date"))
    return Case(
        When(
            Q(**{f"{prefix}actual_start_date__range": (period.start, period.end)}) & Q(edited),
            then=Coalesce(Subquery(change, output_field=DateField()), planned),
        ),
        When(**{f"{prefix}actual_start_date__range": (period.start, period.end)}, then=planned),
        output_field=DateField(),
    )


def _exit_entries(pk_ref, period=None):
    entries = AuditEntry.objects.filter(
        project_id=pk_ref, action="project.transition", to_state="exited", from_state__in=SIGNED_STATES
    )
    if period is not None:
        entries = entries.filter(
            at__gte=day_start(period.start), at__lt=day_start(period.end + dt.timedelta(1))
        )
    return entries


def day_start(day):
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


@dataclass(frozen=True)
class ProjectKind:
    """An event read from a project's milestone date."""

    rule: str
    date: str
    points: object  # (policy, prefix) -> expression

    def condition(self, prefix, period):
        if self.rule == Rule.FORTUNE500:
            return Q(**{f"{prefix}is_fortune500": True})
        if self.rule == Rule.FOREIGN:
            return Q(**{f"{prefix}investor_origin": InvestorOrigin.FOREIGN})
        if self.rule in (Rule.STARTED_LATE, Rule.STARTED_ON_TIME):
            actual, planned = F(f"{prefix}actual_start_date"), planned_start_at_signing(prefix, period)
            if self.rule == Rule.STARTED_LATE:
                return Q(GreaterThan(actual, planned))
            return Q(LessThanOrEqual(actual, Coalesce(planned, actual)))  # no planned start: on time
        return Q()


PROJECT_KINDS = [
    ProjectKind(Rule.SIGNED, "contract_date", signed_points),
    ProjectKind(Rule.FORTUNE500, "contract_date", lambda p, _: _dec(p.fortune500)),
    ProjectKind(Rule.FOREIGN, "contract_date", lambda p, _: _dec(p.foreign_investor)),
    ProjectKind(Rule.STARTED_ON_TIME, "actual_start_date", lambda p, _: _dec(p.started_on_time)),
    ProjectKind(Rule.STARTED_LATE, "actual_start_date", lambda p, _: _dec(p.started_late)),
    ProjectKind(Rule.PRODUCTION, "actual_production_date", lambda p, _: _dec(p.production_started)),
]


STARTED = (Rule.STARTED_ON_TIME, Rule.STARTED_LATE)
STARTED_TOTAL = "started"  # on time and late together in the board's totals: one look-up per start
TOTAL_KEYS = [k.rule for k in PROJECT_KINDS if k.rule not in STARTED] + [STARTED_TOTAL]


def _start_points(base, period, policies):
    """+5 on time or −2 late, by the version in force on the start date, with one look-up of the
    planned start recorded at signing."""
    date = base.field("actual_start_date")
    late = GreaterThan(F(date), planned_start_at_signing(base.prefix, period))
    return Case(
        When(late, then=by_policy(policies, date, lambda p: _dec(p.started_late))),
        default=by_policy(policies, date, lambda p: _dec(p.started_on_time)),
        output_field=POINTS,
    )


@dataclass(frozen=True)
class CreditBase:
    """Where a project's units come from: its declared credits, or 100% to its responsible unit."""

    prefix: str
    unit: str

    def queryset(self):
        if self.prefix:
            return ProjectCredit.objects.all()
        credited = ProjectCredit.objects.filter(project_id=OuterRef("pk"))
        return Project.objects.filter(responsible_unit__isnull=False).exclude(Exists(credited))

    def share(self):
        return F("share_percent") if self.prefix else HUNDRED

    def field(self, name):
        return f"{self.prefix}{name}"

    def in_period(self, name, period):
        return Q(**{f"{self.prefix}{name}__range": (period.start, period.end)})


BASES = [CreditBase("", "responsible_unit"), CreditBase("project__", "unit")]


def line_points(points, share):
    return Round(points * share / HUNDRED, 2, output_field=DecimalField(max_digits=10, decimal_places=2))


def policies_for(period):
    return ScoringPolicy.objects.for_span(period.start, period.end)


# --- totals per unit (the board) -----------------------------------------------------------------


@dataclass(frozen=True)
class Span:
    """The days from the first period's start to the last one's end."""

    start: dt.date
    end: dt.date

    @classmethod
    def of(cls, periods):
        return cls(min(p.start for p in periods), max(p.end for p in periods))


def project_totals(periods, policies):
    """Per credited unit and period (`KEY_i` for periods[i]): points of the milestone events, and
    whether it was credited with a signing big enough to lift its tier. The periods share one
    grouped query per credit base."""
    rows = []
    for base in BASES:
        any_event = Q()
        for name in sorted({k.date for k in PROJECT_KINDS}):
            any_event |= base.in_period(name, Span.of(periods))
        sums = {}
        for i, period in enumerate(periods):
            for kind in PROJECT_KINDS:
                if kind.rule in STARTED:
                    continue
                points = by_policy(
                    policies, base.field(kind.date), lambda p, k=kind, b=base: k.points(p, b.prefix)
                )
                sums[f"{kind.rule}_{i}"] = Sum(
                    line_points(points, base.share()),
                    filter=base.in_period(kind.date, period) & kind.condition(base.prefix, period),
                )
            sums[f"{STARTED_TOTAL}_{i}"] = Sum(
                line_points(_start_points(base, period, policies), base.share()),
                filter=base.in_period("actual_start_date", period),
            )
            lift = by_policy(policies, base.field("contract_date"), lambda p: _dec(p.lift_investment))
            sums[f"lift_{i}"] = Count(
                "pk",
                filter=base.in_period("contract_date", period)
                & Q(**{f"{base.prefix}total_investment__gte": lift}),
            )
        qs = base.queryset().filter(any_event).values(credited_unit=F(base.unit)).annotate(**sums)
        rows.extend(qs.order_by())
    return rows


def exit_totals(periods, policies):
    rows = []
    span = Span.of(periods)
    for base in BASES:
        pk = OuterRef(f"{base.prefix}pk" if base.prefix else "pk")
        points = line_points(
            by_policy(policies, "exit_on", lambda p: _dec(p.exited_after_signing)), base.share()
        )
        sums = {
            f"points_{i}": Sum(points, filter=Q(exit_on__range=(p.start, p.end)))
            for i, p in enumerate(periods)
        }
        qs = (
            base.queryset()
            .filter(Exists(_exit_entries(pk, span)))
            .annotate(exit_on=_exit_on(pk, span))
            .values(credited_unit=F(base.unit))
            .annotate(**sums)
            .order_by()
        )
        rows.extend(qs)
    return rows


def _exit_on(pk, period):
    entries = _exit_entries(pk, period).order_by("at").annotate(day=TruncDate("at")).values("day")[:1]
    return Subquery(entries, output_field=DateField())


def _intake_entries(period):
    """Projects entering intake in the period (created at intake, or moved there from lead)."""
    return AuditEntry.objects.filter(
        to_state="intake",
        action__in=["project.created", "project.transition"],
        project_id__isnull=False,
        at__gte=day_start(period.start),
        at__lt=day_start(period.end + dt.timedelta(1)),
    )


def lead_unit():
    """The unit responsible when the project entered intake: the "before" of the first change of
    the responsible unit after the intake row, else the project's responsible unit now."""
    change = (
        AuditEntry.objects.filter(
            project_id=OuterRef("project_id"),
            action="project.updated",
            at__gt=OuterRef("at"),
            data__changes__has_key="responsible_unit",
        )
        .order_by("at", "id")
        .annotate(before=Cast(KT("data__changes__responsible_unit__0"), IntegerField()))
        .values("before")[:1]
    )
    # A look-up per row (index-only): a join would read every project (docs/performance.md).
    now = Project.objects.filter(pk=OuterRef("project_id")).order_by().values("responsible_unit")[:1]
    return Coalesce(Subquery(change, output_field=IntegerField()), Subquery(now, output_field=IntegerField()))


def _may_be_lead_of(unit_id, since):
    """A necessary condition for `lead_unit() == unit_id` of an intake row at or after `since`,
    cheap to test: the project is the unit's now, or its responsible unit was changed away from the
    unit after `since` (only a change after the intake row decides)."""
    now = Project.objects.filter(responsible_unit=unit_id).values("pk")
    was = (
        AuditEntry.objects.filter(
            action="project.updated", at__gt=since, data__changes__has_key="responsible_unit"
        )
        .annotate(before=Cast(KT("data__changes__responsible_unit__0"), IntegerField()))
        .filter(before=unit_id)
        .values("project_id")
    )
    return Q(project_id__in=now) | Q(project_id__in=was)


def lead_counts(periods, policies):
    """(unit, policy id, period index, leads); the cap is applied by the board, oldest version first.
    Rows go to periods and versions by their time against each day's start (no local date per row)."""
    version = by_policy(policies, "at", lambda p: Value(p.pk), IntegerField(), moment=True)
    bucket = Case(
        *[
            When(at__gte=day_start(p.start), at__lt=day_start(p.end + dt.timedelta(1)), then=Value(i))
            for i, p in enumerate(periods)
        ],
        output_field=IntegerField(),
    )
    return list(
        _intake_entries(Span.of(periods))
        .annotate(lead_unit=lead_unit())
        .values("lead_unit", policy=version, period=bucket)
        .annotate(n=Count("id"))
        .order_by()
    )


def _dated_sums(qs, date, value, periods):
    sums = {
        f"points_{i}": Sum(value, filter=Q(**{f"{date}__range": (p.start, p.end)}))
        for i, p in enumerate(periods)
    }
    return list(qs.annotate(**sums).order_by())


def challenge_totals(periods):
    from .models import Challenge

    span = Span.of(periods)
    won = Challenge.objects.filter(state=ChallengeState.WON, won_on__range=(span.start, span.end))
    return _dated_sums(won.values(credited_unit=F("won_by__unit")), "won_on", F("bonus"), periods)


def adjustment_totals(periods):
    span = Span.of(periods)
    adjustments = ScoreAdjustment.objects.filter(on__range=(span.start, span.end))
    return _dated_sums(adjustments.values(credited_unit=F("unit")), "on", F("points"), periods)
