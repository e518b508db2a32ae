"""A unit's figures of whole periods (what the board's enterprise-service rule reads) are the
statistics page's monthly figures summed: one definition of each figure, read in one query."""

import datetime as dt

import pytest

from aftercare import selectors
from aftercare.enums import RequestState
from aftercare.models import ServiceRequest

D = dt.date
TODAY = D(2026, 5, 20)
Q1 = (D(2026, 1, 1), D(2026, 3, 31))
Q2 = (D(2026, 4, 1), D(2026, 6, 30))
FIGURES = ("assigned", "overdue", "rated", "satisfied")


@pytest.fixture
def make(project, staff, units):
    def build(unit, assigned_on, *, state=RequestState.SOLVED, rating=None, contacted=0, proposed=3):
        return ServiceRequest.objects.create(
            project=project,
            company_key=project.investor_key,
            title="用电增容",
            category="utilities",
            description="增容",
            filed_by=staff,
            filed_on=assigned_on,
            lead_unit=units[unit],
            assigned_on=assigned_on,
            contact_due=assigned_on + dt.timedelta(days=1),
            contacted_on=None if contacted is None else assigned_on + dt.timedelta(days=contacted),
            close_due=assigned_on + dt.timedelta(days=7),
            proposed_on=None if proposed is None else assigned_on + dt.timedelta(days=proposed),
            state=state,
            rating=rating,
        )

    return build


@pytest.fixture
def requests(make):
    make("kaifaqu", D(2026, 1, 5), rating=5)
    make("kaifaqu", D(2026, 2, 9), rating=4, contacted=3)  # contacted late: overdue
    make("kaifaqu", D(2026, 3, 31), rating=2, proposed=10)  # proposed late, on the quarter's last day
    open_clocks = {"contacted": None, "proposed": None}
    make("kaifaqu", D(2026, 4, 1), state=RequestState.IN_PROGRESS, **open_clocks)  # contact clock missed
    make("kaifaqu", D(2026, 5, 19), state=RequestState.ASSIGNED, **open_clocks)  # not yet due
    make("zigui", D(2026, 6, 30), rating=5)
    make("zigui", D(2025, 12, 31), rating=1)  # before both periods


def monthly_sums(start, end):
    """The statistics page's rows of the months from `start` to `end`, summed per unit."""
    sums = {}
    for row in selectors.unit_statistics(start=start, end=end + dt.timedelta(days=1), today=TODAY):
        unit = sums.setdefault(row["lead_unit"], dict.fromkeys(FIGURES, 0))
        for name in FIGURES:
            unit[name] += row[name]
    return sums


def test_the_figures_of_each_period_are_the_statistics_pages_months_summed(
    requests, units, django_assert_num_queries
):
    with django_assert_num_queries(1):
        q1, q2 = selectors.unit_period_figures([Q1, Q2], today=TODAY)
    kaifaqu, zigui = units["kaifaqu"].pk, units["zigui"].pk

    assert q1 == {kaifaqu: {"assigned": 3, "overdue": 2, "rated": 3, "satisfied": 2}}
    assert q2 == {
        kaifaqu: {"assigned": 2, "overdue": 1, "rated": 0, "satisfied": 0},
        zigui: {"assigned": 1, "overdue": 0, "rated": 1, "satisfied": 1},
    }
    assert (q1, q2) == (monthly_sums(*Q1), monthly_sums(*Q2))


def test_one_units_figures_and_periods_that_do_not_touch(requests, units):
    january, march = (D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 3, 1), D(2026, 3, 31))
    kaifaqu = units["kaifaqu"].pk
    jan, mar = selectors.unit_period_figures([january, march], unit=kaifaqu, today=TODAY)
    # February's request lies between the two periods and counts in neither.
    assert jan == {kaifaqu: {"assigned": 1, "overdue": 0, "rated": 1, "satisfied": 1}}
    assert mar == {kaifaqu: {"assigned": 1, "overdue": 1, "rated": 1, "satisfied": 0}}
    assert selectors.unit_period_figures([Q2], unit=units["zigui"].pk, today=TODAY) == [
        {units["zigui"].pk: {"assigned": 1, "overdue": 0, "rated": 1, "satisfied": 1}}
    ]
