"""Reads: the ledger queryset and the status lights, computed in the database."""

from django.db.models import Case, CharField, DateField, F, Q, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.lookups import Exact
from django.utils import timezone

from workdays.services import add_workdays

from .enums import TERMINAL_STATES, Light, ProjectState
from .models import Project

S = ProjectState
YELLOW_WORKDAYS = 10

# The planned date of the next milestone not yet reached, by state.
NEXT_PLANNED = {
    S.LEAD: "planned_signing_date",
    S.INTAKE: "planned_signing_date",
    S.ASSESSMENT: "planned_signing_date",
    S.PRE_REVIEW: "planned_signing_date",
    S.DECISION: "planned_signing_date",
    S.SIGNED: "planned_start_date",
    S.LAND_SUPPLIED: "planned_start_date",
    S.STARTED: "planned_completion_date",
    S.COMPLETED: "planned_production_date",
    S.IN_PRODUCTION: "planned_capacity_date",
}


def _column(name):
    return f'"{Project._meta.db_table}"."{name}"'


def _earliest_sql(a, b):
    """The earlier of two nullable dates, NULL only when both are (portable: no LEAST)."""
    a, b = _column(a), _column(b)
    return f"CASE WHEN {a} IS NULL THEN {b} WHEN {b} IS NULL OR {a} <= {b} THEN {a} ELSE {b} END"


# The nearest open date as plain SQL: the ledger compiles it for every page, and the ORM's
# Case/When tree for it cost more to build and compile than the query takes to run.
NEXT_DUE_SQL = (
    "CASE "
    + " ".join(
        f"WHEN {_column('state')} = '{state.value}' THEN {_earliest_sql('deadline', field)}"
        for state, field in NEXT_PLANNED.items()
    )
    # At capacity, only the deadline (for the assessment) is open.
    + f" WHEN {_column('state')} = '{S.AT_CAPACITY.value}' THEN {_column('deadline')} ELSE NULL END"
)
TERMINAL_SQL = ", ".join(f"'{state.value}'" for state in sorted(TERMINAL_STATES))
LIGHT_SQL = (
    f"CASE WHEN {_column('state')} IN ({TERMINAL_SQL}) THEN NULL"
    f" WHEN ({NEXT_DUE_SQL}) < %s THEN '{Light.RED.value}'"
    f" WHEN ({NEXT_DUE_SQL}) <= %s THEN '{Light.YELLOW.value}'"
    f" ELSE '{Light.GREEN.value}' END"
)


def today_local():
    return timezone.localdate()


def yellow_cutoff(today):
    """The last day that still counts as "due soon": 10 working days from today."""
    return add_workdays(today, YELLOW_WORKDAYS)


# Other apps may turn a light from outside the project's own dates (an enterprise request blocking
# a milestone): `rule(today) -> (red Q, yellow Q)` over Project, registered in AppConfig.ready.
_LIGHT_RULES = {}


def register_light_rule(name, rule):
    _LIGHT_RULES[name] = rule


def light_rules(today):
    """(red, yellow) conditions of every registered rule, or (None, None) when there is none."""
    red = yellow = None
    for rule in _LIGHT_RULES.values():
        r, y = rule(today)
        red = r if red is None else red | r
        yellow = y if yellow is None else yellow | y
    return red, yellow


def annotate_lights(queryset, today=None):
    """Add `next_due` (nearest open date) and `light` (green/yellow/red; NULL when terminal)."""
    today = today or today_local()
    cutoff = yellow_cutoff(today)
    # noqa below: constant SQL over the model's own columns (portable CASE), dates as parameters.
    own_light = RawSQL(LIGHT_SQL, [today, cutoff], output_field=CharField())  # noqa: S611
    red, yellow = light_rules(today)
    if red is not None:
        terminal = Q(state__in=list(TERMINAL_STATES))
        own_light = Case(
            When(terminal, then=Value(None, output_field=CharField())),
            When(red, then=Value(Light.RED.value)),
            When(Exact(own_light, Light.RED.value), then=Value(Light.RED.value)),
            When(yellow, then=Value(Light.YELLOW.value)),
            default=own_light,
            output_field=CharField(),
        )
    return queryset.annotate(
        next_due=RawSQL(NEXT_DUE_SQL, [], output_field=DateField()),  # noqa: S611
        light=own_light,
    )


def ledger_queryset(today=None):
    """Projects as the ledger lists them: related rows joined, lights annotated."""
    qs = Project.objects.select_related("platform", "responsible_unit")
    return annotate_lights(qs, today=today)


LEDGER_COLUMNS = [
    "id",
    "name",
    "state",
    "investor_name",
    "platform_id",
    "industry_chain",
    "chain_link",
    "category",
    "source",
    "total_investment",
    "fixed_asset_investment",
    "contracted_investment",
    "funds_received",
    "land_area",
    "responsible_unit_id",
    "deadline",
    "contract_date",
    "next_due",
    "light",
]


def ledger_rows(queryset):
    """The ledger's columns as plain rows (dicts): a page of 50 builds no model instances."""
    return queryset.values(
        *LEDGER_COLUMNS,
        platform_name=F("platform__name"),
        platform_short=F("platform__short_name"),
        unit_name=F("responsible_unit__name"),
        unit_short=F("responsible_unit__short_name"),
    )


def project_detail_queryset(today=None):
    return annotate_lights(
        Project.objects.select_related(
            "platform", "responsible_unit", "service_cadre", "created_by", "task_force__lead"
        ).prefetch_related("task_force__members", "task_force__experts"),
        today=today,
    )


def project_timeline(project):
    """Every audit row about the project, oldest first: its own transitions and other apps' steps."""
    from audit.models import AuditEntry

    return AuditEntry.objects.filter(project_id=project.pk).select_related("actor").order_by("at", "id")
