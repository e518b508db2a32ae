"""Status lights on the working-day calendar: red overdue, yellow within 10 working days."""

import datetime as dt

import pytest

from projects.enums import ProjectState
from projects.models import Project
from projects.selectors import annotate_lights, ledger_queryset
from tests import factories

pytestmark = pytest.mark.django_db
S = ProjectState
# Friday before the 2025 National Day holiday (1–8 October; 28 Sep and 11 Oct are make-up workdays).
TODAY = dt.date(2025, 9, 26)


def light_of(project, today=TODAY):
    return annotate_lights(Project.objects.filter(pk=project.pk), today=today).get()


@pytest.mark.parametrize(
    ("due", "light"),
    [
        (dt.date(2025, 9, 25), "red"),  # yesterday
        (TODAY, "yellow"),  # due today is not late yet
        (dt.date(2025, 10, 10), "yellow"),  # 10 calendar workdays away, 5 real ones
        (dt.date(2025, 10, 16), "yellow"),  # exactly the 10th working day across the holiday
        (dt.date(2025, 10, 17), "green"),
    ],
)
def test_the_deadline_light_counts_working_days_across_the_holiday(due, light):
    project = factories.make_project(state=S.ASSESSMENT, deadline=due)
    found = light_of(project)
    assert (found.next_due, found.light) == (due, light)


def test_the_nearest_open_date_is_the_next_milestone_for_the_state():
    project = factories.make_project(
        state=S.STARTED,
        deadline=dt.date(2026, 12, 31),
        planned_start_date=dt.date(2025, 3, 1),  # reached already: no longer counts
        planned_completion_date=dt.date(2025, 10, 9),
    )
    found = light_of(project)
    assert found.next_due == dt.date(2025, 10, 9)
    assert found.light == "yellow"


def test_before_signing_the_earlier_of_deadline_and_planned_signing_counts():
    project = factories.make_project(
        state=S.INTAKE, deadline=dt.date(2025, 12, 1), planned_signing_date=dt.date(2025, 9, 1)
    )
    assert light_of(project).light == "red"


def test_no_open_date_is_green_and_closed_projects_have_no_light():
    open_project = factories.make_project(state=S.LEAD)
    exited = factories.make_project(state=S.EXITED, deadline=dt.date(2020, 1, 1))
    assessed = factories.make_project(state=S.ASSESSED, deadline=dt.date(2020, 1, 1))
    assert light_of(open_project).light == "green"
    assert light_of(exited).light is None
    assert light_of(assessed).light is None


def test_the_ledger_filters_by_light():
    from projects.filters import ProjectFilter

    red = factories.make_project(state=S.ASSESSMENT, deadline=dt.date(2000, 1, 3))
    factories.make_project(state=S.ASSESSMENT, deadline=dt.date(2100, 1, 4))
    found = ProjectFilter({"light": "red"}, queryset=ledger_queryset()).qs
    assert list(found) == [red]


def test_the_stored_next_due_follows_every_save_and_bulk_update_and_sorts_the_ledger():
    project = factories.make_project(state=S.INTAKE, deadline=dt.date(2025, 12, 1))
    assert project.next_due == dt.date(2025, 12, 1)  # returned by the insert
    project.planned_signing_date = dt.date(2025, 10, 1)
    project.save()
    assert project.next_due == dt.date(2025, 10, 1)  # the instance reads the recomputed value
    Project.objects.filter(pk=project.pk).update(state=S.EXITED)
    assert Project.objects.get(pk=project.pk).next_due is None  # closed: nothing open
    later = factories.make_project(state=S.LEAD, deadline=dt.date(2026, 1, 5))
    sooner = factories.make_project(state=S.LEAD, deadline=dt.date(2025, 11, 5))
    ordered = ledger_queryset(today=TODAY).filter(pk__in=[later.pk, sooner.pk]).order_by("next_due")
    assert [p.pk for p in ordered] == [sooner.pk, later.pk]
