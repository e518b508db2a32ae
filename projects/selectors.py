"""Reads: the ledger queryset and the status lights, computed in the database."""

from django.db.models import Case, CharField, DateField, F, Value, When
from django.db.models.functions import Coalesce, Least
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


def _earliest(a, b):
    """The earlier of two nullable dates, NULL only when both are (Least alone is NULL-unsafe)."""
    return Least(Coalesce(a, b), Coalesce(b, a))


def next_due_expression():
    whens = [
        When(state=state, then=_earliest(F("deadline"), F(field))) for state, field in NEXT_PLANNED.items()
    ]
    # At capacity, only the deadline (for the assessment) is open.
    whens.append(When(state=S.AT_CAPACITY, then=F("deadline")))
    return Case(*whens, default=Value(None, output_field=DateField()), output_field=DateField())


def today_local():
    return timezone.localdate()


def yellow_cutoff(today):
    """The last day that still counts as "due soon": 10 working days from today."""
    return add_workdays(today, YELLOW_WORKDAYS)


def annotate_lights(queryset, today=None):
    """Add `next_due` (nearest open date) and `light` (green/yellow/red; NULL when terminal)."""
    today = today or today_local()
    cutoff = yellow_cutoff(today)
    return queryset.annotate(next_due=next_due_expression()).annotate(
        light=Case(
            When(state__in=list(TERMINAL_STATES), then=Value(None, output_field=CharField())),
            When(next_due__lt=today, then=Value(Light.RED.value)),
            When(next_due__lte=cutoff, then=Value(Light.YELLOW.value)),
            default=Value(Light.GREEN.value),
            output_field=CharField(),
        )
    )


def ledger_queryset(today=None):
    """Projects as the ledger lists them: related rows joined, lights annotated."""
    qs = Project.objects.select_related("platform", "responsible_unit", "service_cadre")
    return annotate_lights(qs, today=today)


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
