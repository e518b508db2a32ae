"""The enterprise-service rule: points from the lead unit's enterprise-request figures (issue 15 item 6)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from aftercare.enums import RequestState
from aftercare.models import ServiceRequest
from scoring.enterprise import ServiceFigures, service_points
from scoring.enums import PeriodKind, Rule, ScoringGroup
from scoring.models import ScoringPolicy
from scoring.periods import Period
from scoring.selectors import league_table, unit_drilldown
from tests import factories

Q1 = Period(PeriodKind.QUARTER, dt.date(2026, 1, 1))
OVERDUE, SATISFIED = Rule.REQUESTS_OVERDUE, Rule.REQUESTS_SATISFIED


@pytest.mark.parametrize(
    ("figures", "expected"),
    [
        (ServiceFigures(assigned=4), []),
        (ServiceFigures(assigned=4, overdue=1), [(OVERDUE, Decimal("-1.00"))]),
        (ServiceFigures(assigned=4, overdue=3), [(OVERDUE, Decimal("-3.00"))]),
        # Fewer rated requests than the policy asks for: the share does not count yet.
        (ServiceFigures(assigned=2, rated=2, satisfied=2), [(SATISFIED, Decimal("0"))]),
        (ServiceFigures(assigned=3, rated=3, satisfied=3), [(SATISFIED, Decimal("2"))]),
        # The threshold itself meets it; just below does not.
        (ServiceFigures(assigned=10, rated=10, satisfied=9), [(SATISFIED, Decimal("2"))]),
        (ServiceFigures(assigned=9, rated=9, satisfied=8), [(SATISFIED, Decimal("0"))]),
        (ServiceFigures(assigned=20, rated=20, satisfied=17), [(SATISFIED, Decimal("0"))]),
        (
            ServiceFigures(assigned=12, overdue=2, rated=10, satisfied=10),
            [(OVERDUE, Decimal("-2.00")), (SATISFIED, Decimal("2"))],
        ),
    ],
)
def test_default_policy_points_at_the_boundaries(figures, expected):
    policy = ScoringPolicy()  # the model's defaults are the migration's defaults
    assert service_points(figures, policy) == expected


def test_a_policy_version_sets_its_own_threshold_and_points():
    policy = ScoringPolicy(
        request_overdue=Decimal("-0.5"),
        request_satisfied=Decimal("3"),
        request_satisfied_percent=Decimal("80"),
        request_min_rated=1,
    )
    assert service_points(ServiceFigures(1, 3, 5, 4), policy) == [
        (OVERDUE, Decimal("-1.50")),
        (SATISFIED, Decimal("3")),
    ]
    assert service_points(ServiceFigures(1, 0, 5, 3), policy) == [(SATISFIED, Decimal("0"))]


def unit(code):
    return factories.units()[code]


@pytest.fixture
def requests_of(db):
    project = factories.make_project(responsible_unit=unit("anzhou"))
    filer = factories.make_user("promotion_staff")

    def make(code, assigned_on, *, rating=None, late=False, count=1):
        for _i in range(count):
            ServiceRequest.objects.create(
                project=project,
                company_key="bench",
                title="用电增容",
                category="utilities",
                description="增容",
                filed_by=filer,
                filed_on=assigned_on,
                lead_unit=unit(code),
                assigned_on=assigned_on,
                contact_due=assigned_on + dt.timedelta(days=1),
                contacted_on=assigned_on,
                close_due=assigned_on + dt.timedelta(days=7),
                proposed_on=assigned_on + dt.timedelta(days=9 if late else 3),
                closed_on=assigned_on + dt.timedelta(days=10),
                state=RequestState.SOLVED,
                rating=rating,
            )

    return make


def row(board, code):
    return next(r for r in board[ScoringGroup.TOWNSHIP] if r.unit_id == unit(code).pk)


@pytest.mark.django_db
def test_the_board_scores_each_lead_units_requests_of_the_period(requests_of):
    requests_of("anzhou", dt.date(2026, 1, 5), rating=5, count=2)
    requests_of("anzhou", dt.date(2026, 3, 31), rating=4, late=True)  # last day of the quarter
    requests_of("anzhou", dt.date(2026, 4, 1), late=True, count=5)  # the next quarter's
    requests_of("fuying", dt.date(2026, 2, 2), rating=2, count=3)  # rated, not satisfied
    board = league_table(Q1)
    anzhou, fuying = row(board, "anzhou"), row(board, "fuying")
    assert anzhou.parts == {OVERDUE: Decimal("-1.00"), SATISFIED: Decimal("2.00")}
    assert anzhou.score == Decimal("1.00")
    assert fuying.parts == {}  # 0 of 3 satisfied: no points, and no overdue request
    q2 = league_table(Q1.next())
    assert row(q2, "anzhou").parts == {OVERDUE: Decimal("-5.00")}
    assert row(q2, "anzhou").previous_score == Decimal("1.00")


@pytest.mark.django_db
def test_the_version_in_force_on_the_periods_last_day_scores_it(requests_of):
    requests_of("anzhou", dt.date(2026, 1, 5), late=True)
    ScoringPolicy.objects.create(name="新办法", effective_from=dt.date(2026, 3, 1), request_overdue=-4)
    assert row(league_table(Q1), "anzhou").parts == {OVERDUE: Decimal("-4.00")}


@pytest.mark.django_db
def test_the_drilldown_shows_the_rule_figures_points_and_version(
    client, leader, requests_of, django_assert_max_num_queries
):
    requests_of("anzhou", dt.date(2026, 2, 3), rating=5, count=3)
    requests_of("anzhou", dt.date(2026, 2, 4), late=True)
    policy = ScoringPolicy.objects.get()
    detail = unit_drilldown(unit("anzhou"), Q1)
    assert [(s["rule"], s["points"], s["policy"]) for s in detail["service"]] == [
        (OVERDUE, Decimal("-1.00"), policy.pk),
        (SATISFIED, Decimal("2.00"), policy.pk),
    ]
    assert detail["service"][0]["figures"] == ServiceFigures(assigned=4, overdue=1, rated=3, satisfied=3)

    client.force_login(leader)
    url = reverse("scoring:unit", args=[unit("anzhou").pk])
    with django_assert_max_num_queries(30):
        page = client.get(url, {"period": "2026-Q1"})
    text = page.content.decode()
    assert page.context["total"] == Decimal("1.00")
    assert "诉求" in text and "4 件" in text and str(policy) in text
    board = client.get(reverse("scoring:board"), {"period": "2026-Q1"}).content.decode()
    assert 'id="service-rule"' in board and "90%" in board

    api = APIClient()
    api.force_authenticate(leader)
    lines = api.get(f"/api/scoring/units/{unit('anzhou').pk}/lines/", {"period": "2026-Q1"}).json()
    assert [(x["rule"], x["points"], x["policy"]) for x in lines] == [
        ("requests_overdue", "-1.00", policy.pk),
        ("requests_satisfied", "2.00", policy.pk),
    ]


@pytest.mark.django_db
def test_a_version_without_enterprise_points_reads_no_request_figures(requests_of):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    requests_of("anzhou", dt.date(2026, 1, 5), late=True)
    requests_of("anzhou", dt.date(2026, 4, 7), late=True)
    ScoringPolicy.objects.create(
        name="不计诉求", effective_from=dt.date(2026, 4, 1), request_overdue=0, request_satisfied=0
    )
    with CaptureQueriesContext(connection) as q2_reads:
        q2 = league_table(Q1.next())
    # Q2's version scores no enterprise service; Q1's (the previous period, for the change) does.
    assert row(q2, "anzhou").parts == {}
    assert row(q2, "anzhou").previous_score == Decimal("-1.00")
    assert sum("aftercare_servicerequest" in q["sql"] for q in q2_reads.captured_queries) == 1

    ScoringPolicy.objects.filter(effective_from__lt=dt.date(2026, 4, 1)).update(
        request_overdue=0, request_satisfied=0
    )
    with CaptureQueriesContext(connection) as none_read:
        q2 = league_table(Q1.next())
    assert row(q2, "anzhou").previous_score == Decimal("0.00")
    assert not any("aftercare_servicerequest" in q["sql"] for q in none_read.captured_queries)
