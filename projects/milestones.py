"""A project's next milestone and nearest open date: one definition, kept by the database as the
stored column `Project.next_due` and read by the lights (projects.selectors) and deadlines."""

from django.db import models
from django.db.models import Case, F, Q, When
from django.db.models.lookups import IsNull, LessThanOrEqual

from .enums import TERMINAL_STATES, ProjectState

S = ProjectState

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


def _planned_next():
    """The planned date of the state's next milestone: one branch per date field."""
    states_by_field = {}
    for state, field in NEXT_PLANNED.items():
        states_by_field.setdefault(field, []).append(state)
    return Case(
        *[When(state__in=states, then=F(field)) for field, states in states_by_field.items()],
        output_field=models.DateField(),
    )


def next_due_expression():
    """The nearest open date: the earlier of the deadline and the next planned milestone (NULL only
    when both are, and always when the project is closed). At capacity only the deadline is open.
    A row's own fields decide it, so the database keeps it as a stored column (`Project.next_due`)."""
    planned = _planned_next()
    return Case(
        When(state__in=sorted(TERMINAL_STATES), then=None),
        When(Q(IsNull(planned, True)) | Q(LessThanOrEqual(F("deadline"), planned)), then=F("deadline")),
        default=planned,
        output_field=models.DateField(),
    )
