"""The lines of one unit's score in a period (the drill-down), read with the board's rule definitions.

A project the unit is credited with is one row carrying, per kind of event (`lines.PROJECT_KINDS`)
and for the exit, the points of its line when the event falls in the period (NULL otherwise) and the
policy version that scored it; the rows are then unfolded into lines. One narrow query per credit
base instead of a UNION ALL of a part per kind: the expressions are the board's (`by_policy`,
`kind.points`, `kind.condition`, `line_points`), only not summed.

The query's shape depends on the period and the policy versions in force, not on the unit: it is
built once per (period, versions' content) and cloned for each request, which then only adds the
unit's filter (building and resolving the CASE expressions cost more than running the query).
"""

from django.db.models import Case, Exists, F, IntegerField, OuterRef, Q, Subquery, Value, When, Window
from django.db.models.functions import Cast, RowNumber, TruncDate

from projects.models import Project
from xianju_invest.cache import register_process_memo

from . import lines as L
from .enums import Rule
from .models import Challenge, ChallengeState, ProjectCredit, ScoreAdjustment, ScoringPolicy

DATES = sorted({k.date for k in L.PROJECT_KINDS})
ROW_COLUMNS = [
    *("l_project", "l_name", "l_share", "l_note", "exit_on", "p_exit", "v_exit"),
    *(f"d_{d}" for d in DATES),
    *(f"v_{d}" for d in DATES),
    *(f"p_{k.rule}" for k in L.PROJECT_KINDS),
]
_POLICY_FIELDS = [f.attname for f in ScoringPolicy._meta.concrete_fields if f.attname != "created_at"]


def policy_key(policies):
    """What a query built from `policies` depends on: every version's figures and rows."""
    return tuple(
        (
            tuple(getattr(p, name) for name in _POLICY_FIELDS),
            tuple(sorted((c.min_investment, c.points) for c in p.size_classes.all())),
            tuple(sorted((w.category, w.weight) for w in p.category_weights.all())),
        )
        for p in policies
    )


def _version(policies, date):
    return L.by_policy(policies, date, lambda p: Value(p.pk), IntegerField())


def _event_columns(base, period, policies):
    """{column: expression}: each kind's line points (NULL when it did not happen in the period)
    and the version in force on each event date."""
    columns = {}
    for kind in L.PROJECT_KINDS:
        points = L.by_policy(policies, base.field(kind.date), lambda p, k=kind, b=base: k.points(p, b.prefix))
        when = base.in_period(kind.date, period) & kind.condition(base.prefix, period)
        columns[f"p_{kind.rule}"] = Case(When(when, then=L.line_points(points, base.share())), default=None)
    for date in DATES:
        columns[f"v_{date}"] = _version(policies, base.field(date))
    return columns


def _exit_columns(base, policies):
    exited = L.by_policy(policies, "exit_on", lambda p: L._dec(p.exited_after_signing))
    return {"p_exit": L.line_points(exited, base.share()), "v_exit": _version(policies, "exit_on")}


_SHAPES = {}
register_process_memo(_SHAPES.clear)


def _shape(period, policies, key, base):
    """The per-project query of one credit base for the period, without the unit (never evaluated;
    callers get a clone). `key` is `policy_key(policies)`: an edited version builds a new shape."""
    memo = (period, key, base.prefix)
    shape = _SHAPES.get(memo)
    if shape is None:
        if len(_SHAPES) >= 32:
            _SHAPES.clear()
        shape = _SHAPES[memo] = _build_shape(period, policies, base)
    return shape


def _build_shape(period, policies, base):
    pk = OuterRef(base.field("pk") if base.prefix else "pk")
    happened = Q(Exists(L._exit_entries(pk, period)))
    for name in DATES:
        happened |= base.in_period(name, period)
    return (
        base.queryset()
        .filter(happened)
        .annotate(
            l_project=F(base.field("pk")) if base.prefix else F("pk"),
            l_name=F(base.field("name")),
            l_share=Cast(base.share(), L.POINTS),
            l_note=F(base.field("exit_reason")),
            exit_on=L._exit_on(pk, period),
            **{f"d_{name}": F(base.field(name)) for name in DATES},
            **_event_columns(base, period, policies),
        )
        .annotate(**_exit_columns(base, policies))
        .order_by()
    )


def _project_rows(unit_id, period, policies):
    declared = ProjectCredit.objects.filter(unit=unit_id).exists()
    key = policy_key(policies)
    for base in L.BASES if declared else L.BASES[:1]:
        shape = _shape(period, policies, key, base)
        yield from shape.filter(**{base.unit: unit_id}).values(*ROW_COLUMNS)


def _line(project, name, on, rule, points, share, policy, note=""):
    return dict(zip(L.COLUMNS, (project, name, on, rule, points, share, policy, note), strict=True))


def unit_lines(unit_id, period, policies):
    """Every line of `unit_id` in the period but the leads and the bundle, ordered by date."""
    found = []
    for row in _project_rows(unit_id, period, policies):
        project, name, share = row["l_project"], row["l_name"], row["l_share"]
        for kind in L.PROJECT_KINDS:
            if row[f"p_{kind.rule}"] is not None:
                on, policy = row[f"d_{kind.date}"], row[f"v_{kind.date}"]
                found.append(_line(project, name, on, kind.rule, row[f"p_{kind.rule}"], share, policy))
        if row["exit_on"] is not None:
            found.append(
                _line(
                    project,
                    name,
                    row["exit_on"],
                    Rule.EXITED,
                    row["p_exit"],
                    share,
                    row["v_exit"],
                    row["l_note"],
                )
            )
    won = Challenge.objects.filter(
        state=ChallengeState.WON, won_on__range=(period.start, period.end), won_by__unit=unit_id
    )
    for c in won.values_list("won_by__project", "won_by__project__name", "won_on", "bonus", "title"):
        project, name, on, bonus, title = c
        found.append(_line(project, name, on, Rule.CHALLENGE, bonus, L.HUNDRED.value, None, title))
    adjustments = ScoreAdjustment.objects.filter(on__range=(period.start, period.end), unit=unit_id)
    for a in adjustments.values_list("project", "project__name", "on", "points", "reason").order_by():
        project, name, on, points, reason = a
        found.append(_line(project, name or "", on, Rule.ADJUSTMENT, points, L.HUNDRED.value, None, reason))
    found.sort(key=lambda line: (line["l_on"], line["l_rule"], line["l_project"] or 0))
    return found


def lead_lines(unit_id, period, policies):
    """The unit's leads in the period, oldest first, each with its place (the cap counts places)."""
    points = L.by_policy(policies, "on", lambda p: L._dec(p.lead))
    return (
        L._intake_entries(period)
        .filter(L._may_be_lead_of(unit_id, L.day_start(period.start)))
        .annotate(lead_unit=L.lead_unit(), on=TruncDate("at"))
        .filter(lead_unit=unit_id)
        .annotate(
            place=Window(RowNumber(), order_by=[F("at").asc(), F("id").asc()]),
            project_name=Subquery(
                Project.objects.filter(pk=OuterRef("project_id")).order_by().values("name")[:1]
            ),
            points=points,
            policy=_version(policies, "on"),
        )
        .values("project_id", "project_name", "on", "place", "points", "policy")
        .order_by("at", "id")
    )
