"""Reads for the leader's figures: the five rates of domain.md §2 and the dashboard aggregates.

Everything is computed in the database (conditional Count/Sum in one aggregate, GROUP BY for the
monthly series); Python only arranges the handful of numbers that come back.

Which projects a period holds, per rate (documented on the rates page as well):
- 履约率 performance: projects whose contract date falls in the period; numerator: not exited since.
- 开工率 start: signed projects whose planned start date falls in the period and has passed
  (before today); numerator: those with an actual start date.
- 竣工率 completion: started projects whose planned completion date falls in the period and has
  passed; numerator: those with an actual completion date.
- 达产率 capacity: projects in production whose planned capacity date falls in the period and has
  passed; numerator: those with an actual capacity date.
- 资金到位率 funds: signed projects, not exited, whose contract date falls in the period;
  funds actually received ÷ contracted investment, both summed in yuan.
Numerators count the state of today, whatever the period.
"""

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Count, DecimalField, Q, Sum, Value
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import PIPELINE, TERMINAL_STATES, ProjectState

S = ProjectState
ZERO = Value(Decimal("0.00"), output_field=DecimalField(max_digits=18, decimal_places=2))
WAN = Decimal("10000")
YI = Decimal("100000000")  # 亿, the unit charts use for large totals


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date
    today: dt.date

    @property
    def due_end(self):
        """Last day of the period whose planned dates count as passed: before today."""
        return min(self.end, self.today - dt.timedelta(days=1))


def default_period(today=None):
    """From the first of January to today."""
    today = today or timezone.localdate()
    return Period(dt.date(today.year, 1, 1), today, today)


@dataclass(frozen=True)
class RateDefinition:
    key: str
    label: str
    description: str
    is_amount: bool = False
    # For amount rates: the fields summed for numerator and denominator.
    numerator_field: str = ""
    denominator_field: str = ""


RATES = [
    RateDefinition(
        "performance",
        _("Contract performance rate"),
        _("Signed projects not exited ÷ projects signed (contract date in the period)."),
    ),
    RateDefinition(
        "start",
        _("Start rate"),
        _(
            "Started ÷ signed projects whose planned start date falls in the period and has passed "
            "(before today)."
        ),
    ),
    RateDefinition(
        "completion",
        _("Completion rate"),
        _(
            "Completed ÷ started projects whose planned completion date falls in the period and has "
            "passed (before today)."
        ),
    ),
    RateDefinition(
        "capacity",
        _("Capacity rate"),
        _(
            "At capacity ÷ projects in production whose planned capacity date falls in the period and "
            "has passed (before today)."
        ),
    ),
    RateDefinition(
        "funds",
        _("Funds rate"),
        _(
            "Funds actually received ÷ contracted investment, over signed projects not exited whose "
            "contract date falls in the period."
        ),
        is_amount=True,
        numerator_field="funds_received",
        denominator_field="contracted_investment",
    ),
]
RATES_BY_KEY = {r.key: r for r in RATES}
PARTS = ("numerator", "denominator")


def _signed():
    return Q(contract_date__isnull=False)


def rate_conditions(key, period):
    """(denominator Q, numerator Q) of rate `key` over `period`; the numerator includes the denominator."""
    due = (period.start, period.due_end)
    if key == "performance":
        den = Q(contract_date__range=(period.start, period.end))
        num = den & ~Q(state=S.EXITED)
    elif key == "start":
        den = _signed() & Q(planned_start_date__range=due)
        num = den & Q(actual_start_date__isnull=False)
    elif key == "completion":
        den = Q(actual_start_date__isnull=False, planned_completion_date__range=due)
        num = den & Q(actual_completion_date__isnull=False)
    elif key == "capacity":
        den = Q(actual_production_date__isnull=False, planned_capacity_date__range=due)
        num = den & Q(actual_capacity_date__isnull=False)
    elif key == "funds":
        den = Q(contract_date__range=(period.start, period.end), contracted_investment__isnull=False) & ~Q(
            state=S.EXITED
        )
        num = den & Q(funds_received__gt=0)
    else:
        raise KeyError(key)
    return den, num


def percentage(numerator, denominator):
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def rates(queryset, period):
    """The five rates over `queryset` (already filtered like the ledger) in one query.

    Returns a list of dicts: key, label, description, is_amount, numerator, denominator, percent
    (Decimal with one place, or None when the denominator is zero). Amount rates give yuan.
    """
    aggregates = {}
    for rate in RATES:
        den, num = rate_conditions(rate.key, period)
        if rate.is_amount:
            aggregates[f"{rate.key}_num"] = Coalesce(Sum(rate.numerator_field, filter=den), ZERO)
            aggregates[f"{rate.key}_den"] = Coalesce(Sum(rate.denominator_field, filter=den), ZERO)
        else:
            aggregates[f"{rate.key}_num"] = Count("pk", filter=num)
            aggregates[f"{rate.key}_den"] = Count("pk", filter=den)
    figures = queryset.order_by().aggregate(**aggregates)
    result = []
    for rate in RATES:
        numerator, denominator = figures[f"{rate.key}_num"], figures[f"{rate.key}_den"]
        result.append(
            {
                "key": rate.key,
                "label": rate.label,
                "description": rate.description,
                "is_amount": rate.is_amount,
                "numerator": numerator,
                "denominator": denominator,
                "percent": percentage(numerator, denominator),
            }
        )
    return result


def rate_projects(queryset, *, key, part, period):
    """The projects behind one side of a rate: the denominator's set, or the numerator's.

    For the funds rate both sides sum over the same projects; its numerator lists those that have
    received money.
    """
    den, num = rate_conditions(key, period)
    return queryset.filter(num if part == "numerator" else den)


# --- Dashboard -------------------------------------------------------------------------------------


def _month_starts(today, months):
    first = today.replace(day=1)
    starts = []
    for _i in range(months):
        starts.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(starts))


# Per rate: the date that puts a project in a month (the period field of rate_conditions).
_MONTH_FIELD = {
    "performance": "contract_date",
    "start": "planned_start_date",
    "completion": "planned_completion_date",
    "capacity": "planned_capacity_date",
    "funds": "contract_date",
}


def rates_by_month(queryset, *, today=None, months=12):
    """Each rate for each of the last `months` calendar months (this one included).

    Returns {"months": ["2026-01", ...], "series": [{key, label, percent: [..]}, ...]}; one GROUP BY
    query per rate.
    """
    today = today or timezone.localdate()
    starts = _month_starts(today, months)
    period = Period(starts[0], today, today)
    base = queryset.order_by()
    series = []
    for rate in RATES:
        den, num = rate_conditions(rate.key, period)
        if rate.is_amount:
            values = {
                "num": Coalesce(Sum(rate.numerator_field), ZERO),
                "den": Coalesce(Sum(rate.denominator_field), ZERO),
            }
        else:
            values = {"num": Count("pk", filter=num), "den": Count("pk")}
        rows = (
            base.filter(den)
            .annotate(month=TruncMonth(_MONTH_FIELD[rate.key]))
            .values("month")
            .annotate(**values)
            .values_list("month", "num", "den")
        )
        by_month = {month: (n, d) for month, n, d in rows}
        percents = []
        for start in starts:
            n, d = by_month.get(start, (0, 0))
            p = percentage(n, d)
            percents.append(float(p) if p is not None else None)
        series.append({"key": rate.key, "label": str(rate.label), "percent": percents})
    return {"months": [s.strftime("%Y-%m") for s in starts], "series": series}


def month_table(months):
    """`rates_by_month`'s figures as table rows: [{"month", "percents": [...per rate, None if
    nothing fell due]}], for the table under the chart."""
    return [
        {"month": month, "percents": [s["percent"][i] for s in months["series"]]}
        for i, month in enumerate(months["months"])
    ]


def funnel(queryset):
    """How many projects reached each stage of the pipeline (are in it or past it), plus the exits."""
    counts = dict(queryset.order_by().values("state").annotate(n=Count("pk")).values_list("state", "n"))
    stages = []
    reached = 0
    for state in reversed(PIPELINE):
        reached += counts.get(state, 0)
        stages.append({"state": state, "label": str(S(state).label), "count": reached})
    stages.reverse()
    exits = [
        {"state": state, "label": str(S(state).label), "count": counts.get(state, 0)}
        for state in (S.EXITED, S.REJECTED)
    ]
    return {"stages": stages, "exits": exits}


def by_platform(queryset):
    """Active projects (not exited or rejected) and their total investment per platform."""
    from org.models import Unit

    rows = list(
        queryset.active()
        .order_by()
        .values("platform_id")
        .annotate(projects=Count("pk"), investment=Coalesce(Sum("total_investment"), ZERO))
        .order_by("-investment")
    )
    names = {
        u.pk: str(u) for u in Unit.objects.filter(pk__in=[r["platform_id"] for r in rows if r["platform_id"]])
    }
    return [
        {
            "label": names.get(r["platform_id"]) or str(_("No platform")),
            "projects": r["projects"],
            "investment_yi": float(r["investment"] / YI),
        }
        for r in rows
    ]


def by_chain(queryset):
    """Active projects and their total investment per industry chain."""
    rows = (
        queryset.active()
        .order_by()
        .values("industry_chain", "industry_chain__name")
        .annotate(projects=Count("pk"), investment=Coalesce(Sum("total_investment"), ZERO))
        .order_by("-investment")
    )
    return [
        {
            "label": r["industry_chain__name"] or str(_("No chain")),
            "projects": r["projects"],
            "investment_yi": float(r["investment"] / YI),
        }
        for r in rows
    ]


def red_light_projects(queryset, *, limit=20, today=None):
    """Overdue projects, the longest overdue first, with their light (see projects.selectors).

    Same set as `annotate_lights(...).filter(light="red")`, written so PostgreSQL filters on the
    date before it sorts: red means not terminal and next due date before today.
    """
    from .selectors import annotate_lights, light_rules, red_reason

    today = today or timezone.localdate()
    red, _yellow = light_rules(today)
    overdue = annotate_lights(queryset.exclude(state__in=list(TERMINAL_STATES)), today=today).filter(
        Q(next_due__lt=today) if red is None else Q(next_due__lt=today) | red
    )
    reason = red_reason(today)  # e.g. the enterprise request blocking a milestone
    overdue = overdue.annotate(red_reason=reason if reason is not None else Value(""))
    overdue = overdue.select_related("platform", "responsible_unit").order_by("next_due", "pk")
    return overdue if limit is None else overdue[:limit]
