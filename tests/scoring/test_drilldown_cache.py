"""The drill-down is cached under a version that every write able to change a score moves: a
backdated edit shows at once (docs/architecture.md, "Hot pages: caches")."""

import datetime as dt
from decimal import Decimal

import pytest

from aftercare.enums import RequestState
from aftercare.models import ServiceRequest
from audit.services import audit_record
from scoring import services
from scoring.enums import PeriodKind, Rule
from scoring.models import ProjectCredit, ScoreAdjustment, ScoringPolicy
from scoring.periods import Period
from scoring.selectors import unit_drilldown
from tests import factories

pytestmark = pytest.mark.django_db

Q1 = Period(PeriodKind.QUARTER, dt.date(2026, 1, 1))
YI = Decimal("100000000")


def unit(code):
    return factories.units()[code]


def rules(code="anzhou"):
    detail = unit_drilldown(unit(code), Q1)
    found = [(line["l_rule"], line["l_points"]) for line in detail["lines"]]
    found += [(Rule.LEAD, lead["points"]) for lead in detail["leads"]]
    found += [(s["rule"], s["points"]) for s in detail["service"]]
    return found


@pytest.fixture
def project():
    return factories.make_project(
        total_investment=2 * YI,
        fixed_asset_investment=0,
        category="industrial",
        contract_date=dt.date(2026, 2, 10),
        responsible_unit=unit("anzhou"),
    )


def test_a_second_read_comes_from_the_cache(project, django_assert_max_num_queries):
    anzhou = unit("anzhou")
    first = unit_drilldown(anzhou, Q1)
    with django_assert_max_num_queries(0):
        assert unit_drilldown(anzhou, Q1) == first


def test_a_backdated_project_edit_changes_the_drilldown_at_once(project):
    assert rules() == [(Rule.SIGNED, Decimal("6.00"))]
    project.contract_date = dt.date(2026, 4, 2)  # moved out of the quarter
    project.save()
    assert rules() == []


def test_a_backdated_adjustment_and_its_deletion_show_at_once(project):
    rules()
    adjustment = ScoreAdjustment.objects.create(
        unit=unit("anzhou"), on=dt.date(2026, 1, 3), points=-10, reason="虚报"
    )
    assert rules() == [(Rule.ADJUSTMENT, Decimal("-10.00")), (Rule.SIGNED, Decimal("6.00"))]
    adjustment.delete()
    assert rules() == [(Rule.SIGNED, Decimal("6.00"))]


def test_a_backdated_audit_row_moves_a_lead_at_once(project):
    rules()
    factories.make_audit_entry(
        project, action="project.transition", on=dt.date(2026, 1, 4), from_state="lead", to_state="intake"
    )
    assert (Rule.LEAD, Decimal("0.5")) in rules()


def test_a_project_audit_row_moves_the_drilldown_in_production_too(project):
    """With DEBUG off nothing but the signal holds its receivers: a receiver held only weakly is
    collected and the drill-down never moves. (With DEBUG on, Django's signature check keeps a
    strong reference in a cache, which hid this.)"""
    import gc

    from django.utils.inspect import _get_func_parameters

    _get_func_parameters.cache_clear()
    gc.collect()
    rules()
    factories.make_audit_entry(
        project, action="project.transition", on=dt.date(2026, 1, 4), from_state="lead", to_state="intake"
    )
    assert (Rule.LEAD, Decimal("0.5")) in rules()


def test_an_audit_row_of_no_project_leaves_the_drilldown_cached(project, django_assert_max_num_queries):
    anzhou = unit("anzhou")
    first = unit_drilldown(anzhou, Q1)
    audit_record(obj=anzhou, action="org.unit_renamed")  # a public report's row is of this kind
    with django_assert_max_num_queries(0):
        assert unit_drilldown(anzhou, Q1) == first


def test_declared_shares_show_at_once(project, staff):
    rules()
    services.credits_set(project=project, shares={unit("anzhou"): 50, unit("fuying"): 50}, by=staff)
    assert rules() == [(Rule.SIGNED, Decimal("3.00"))]
    assert rules("fuying") == [(Rule.SIGNED, Decimal("3.00"))]
    ProjectCredit.objects.filter(project=project).delete()
    assert rules() == [(Rule.SIGNED, Decimal("6.00"))]


def test_a_new_policy_version_and_a_won_challenge_show_at_once(project, staff):
    rules()
    policy = ScoringPolicy.objects.create(name="新办法", effective_from=dt.date(2026, 2, 1))
    for size in ScoringPolicy.objects.exclude(pk=policy.pk).get().size_classes.all():
        policy.size_classes.create(min_investment=size.min_investment, points=size.points * 2)
    policy.category_weights.create(category="industrial", weight=1)
    assert rules() == [(Rule.SIGNED, Decimal("12.00"))]
    challenge = factories.make_challenge(bonus=8, posted_on=dt.date(2026, 1, 2), deadline=dt.date(2026, 3, 1))
    claim = challenge.claims.create(unit=unit("anzhou"), project=project)
    challenge.state, challenge.won_by, challenge.won_on = "won", claim, dt.date(2026, 2, 10)
    challenge.save()
    assert (Rule.CHALLENGE, Decimal("8.00")) in rules()


def test_an_enterprise_requests_rating_shows_at_once(project, staff):
    assert rules() == [(Rule.SIGNED, Decimal("6.00"))]
    day = dt.date(2026, 2, 2)
    request = ServiceRequest.objects.create(
        project=project,
        company_key="k",
        title="用地",
        category="land",
        description="用地",
        filed_by=staff,
        filed_on=day,
        lead_unit=unit("anzhou"),
        assigned_on=day,
        close_due=day + dt.timedelta(days=7),
        proposed_on=day + dt.timedelta(days=9),
        state=RequestState.SOLVED,
    )
    assert (Rule.REQUESTS_OVERDUE, Decimal("-1.00")) in rules()
    request.proposed_on = day + dt.timedelta(days=3)
    request.rating = 5
    request.save()
    assert (Rule.REQUESTS_OVERDUE, Decimal("-1.00")) not in rules()
    assert (Rule.REQUESTS_SATISFIED, Decimal("0.00")) in rules()  # one rating, three needed
