"""Points per unit, read from the ledger's dates and the audit timeline (domain §5, default policy)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from audit.models import AuditEntry
from projects.enums import Category, InvestorOrigin
from scoring.enums import PeriodKind, Rule
from scoring.models import ProjectCredit, ScoreAdjustment, ScoringPolicy
from scoring.periods import Period
from scoring.selectors import unit_drilldown, unit_points
from tests import factories

pytestmark = pytest.mark.django_db

Q1 = Period(PeriodKind.QUARTER, dt.date(2026, 1, 1))
YI = Decimal("100000000")  # 1亿 yuan


def unit(code):
    return factories.units()[code]


def points(code, period=Q1, rule=None):
    parts, *_ = unit_points(period)
    mine = parts.get(unit(code).pk, {})
    return mine.get(rule, Decimal("0")) if rule else sum(mine.values(), Decimal("0"))


def signed(total_yuan, category=Category.INDUSTRIAL, on=dt.date(2026, 2, 10), code="anzhou", **extra):
    factories.units()
    return factories.make_project(
        total_investment=total_yuan,
        fixed_asset_investment=0,
        category=category,
        contract_date=on,
        responsible_unit=unit(code),
        **extra,
    )


@pytest.mark.parametrize(
    ("total", "expected"),
    [
        (Decimal("0"), Decimal("3.00")),
        (YI - Decimal("0.01"), Decimal("3.00")),
        (YI, Decimal("6.00")),
        (5 * YI - Decimal("0.01"), Decimal("6.00")),
        (5 * YI, Decimal("10.00")),
        (10 * YI - Decimal("0.01"), Decimal("10.00")),
        (10 * YI, Decimal("20.00")),
        (80 * YI, Decimal("20.00")),
    ],
)
def test_signing_scores_its_size_class_at_every_edge(total, expected):
    signed(total)
    assert points("anzhou", rule=Rule.SIGNED) == expected


@pytest.mark.parametrize(
    ("category", "expected"),
    [
        (Category.INDUSTRIAL, Decimal("6.00")),
        (Category.CULTURE_TOURISM, Decimal("5.40")),
        (Category.SERVICE, Decimal("4.80")),
        (Category.AGRICULTURE, Decimal("3.60")),
    ],
)
def test_signing_is_weighted_by_category(category, expected):
    signed(2 * YI, category)
    assert points("anzhou") == expected


def test_fortune500_and_foreign_bonuses_are_dated_on_the_contract_date():
    signed(2 * YI, is_fortune500=True, investor_origin=InvestorOrigin.FOREIGN, on=dt.date(2026, 3, 31))
    assert points("anzhou") == Decimal("18.00")  # 6 + 10 + 2
    assert points("anzhou", Q1.next()) == 0


def test_shares_split_each_line_rounded_half_up_to_the_fen():
    project = signed(2 * YI, Category.CULTURE_TOURISM)  # 5.4 points
    ProjectCredit.objects.create(project=project, unit=unit("anzhou"), share_percent=Decimal("33.33"))
    ProjectCredit.objects.create(project=project, unit=unit("fuying"), share_percent=Decimal("66.67"))
    assert points("anzhou") == Decimal("1.80")  # 1.79982
    assert points("fuying") == Decimal("3.60")  # 3.60018
    assert points("kaifaqu") == 0
    # The drill-down shows each credited unit its own share of the line, and no other unit any.
    mine = unit_drilldown(unit("fuying"), Q1)["lines"]
    assert [(line["l_project"], line["l_share"], line["l_points"]) for line in mine] == [
        (project.pk, Decimal("66.67"), Decimal("3.60"))
    ]
    assert unit_drilldown(unit("kaifaqu"), Q1)["lines"] == []


def test_share_line_rounds_a_half_fen_up():
    project = signed(YI - 1, Category.INDUSTRIAL)  # 3 points
    ProjectCredit.objects.create(project=project, unit=unit("anzhou"), share_percent=Decimal("12.50"))
    ProjectCredit.objects.create(project=project, unit=unit("fuying"), share_percent=Decimal("87.50"))
    assert points("anzhou") == Decimal("0.38")  # 0.375
    assert points("fuying") == Decimal("2.63")  # 2.625


@pytest.mark.parametrize(
    ("contract", "in_q1", "in_q2"),
    [(dt.date(2026, 3, 31), Decimal("6.00"), 0), (dt.date(2026, 4, 1), 0, Decimal("6.00"))],
)
def test_an_event_counts_in_the_quarter_of_its_date(contract, in_q1, in_q2):
    signed(2 * YI, on=contract)
    assert points("anzhou", Q1) == in_q1
    assert points("anzhou", Q1.next()) == in_q2


def _started(planned, actual, changed_to=None):
    project = signed(2 * YI, on=dt.date(2025, 6, 1), planned_start_date=planned, actual_start_date=actual)
    factories.make_audit_entry(
        project, action="project.transition", on=dt.date(2025, 6, 1), to_state="signed"
    )
    if changed_to:
        factories.make_audit_entry(
            project,
            action="project.updated",
            on=dt.date(2025, 9, 1),
            data={"changes": {"planned_start_date": [planned.isoformat(), changed_to.isoformat()]}},
        )
        type(project).objects.filter(pk=project.pk).update(planned_start_date=changed_to)
    return project


@pytest.mark.parametrize(
    ("planned", "actual", "rule", "expected"),
    [
        (dt.date(2026, 2, 1), dt.date(2026, 2, 1), Rule.STARTED_ON_TIME, Decimal("5.00")),
        (dt.date(2026, 2, 1), dt.date(2026, 1, 20), Rule.STARTED_ON_TIME, Decimal("5.00")),
        (dt.date(2026, 2, 1), dt.date(2026, 2, 2), Rule.STARTED_LATE, Decimal("-2.00")),
        (None, dt.date(2026, 2, 2), Rule.STARTED_ON_TIME, Decimal("5.00")),
    ],
)
def test_start_on_time_or_late_against_the_planned_start(planned, actual, rule, expected):
    _started(planned, actual)
    assert points("anzhou") == expected
    lines = unit_drilldown(unit("anzhou"), Q1)["lines"]
    assert [(line["l_rule"], line["l_points"]) for line in lines] == [(rule, expected)]


def test_late_is_judged_by_the_planned_start_recorded_at_signing_not_a_later_edit():
    _started(dt.date(2026, 1, 10), dt.date(2026, 2, 20), changed_to=dt.date(2026, 3, 1))
    assert points("anzhou") == Decimal("-2.00")


def test_production_started_scores_ten():
    signed(2 * YI, on=dt.date(2024, 1, 5), actual_production_date=dt.date(2026, 1, 1))
    assert points("anzhou") == Decimal("10.00")


def test_exit_after_signing_costs_three_on_the_exit_date_and_before_signing_nothing():
    project = signed(2 * YI, on=dt.date(2025, 1, 5), state="exited")
    factories.make_audit_entry(
        project, action="project.transition", on=dt.date(2026, 2, 3), from_state="started", to_state="exited"
    )
    early = signed(2 * YI, on=None, code="fuying", state="exited")
    factories.make_audit_entry(
        early, action="project.transition", on=dt.date(2026, 2, 3), from_state="assessment", to_state="exited"
    )
    assert points("anzhou") == Decimal("-3.00")
    assert points("fuying") == 0


def _lead(code, on):
    project = factories.make_project(responsible_unit=unit(code), state="intake")
    factories.make_audit_entry(
        project, action="project.transition", on=on, from_state="lead", to_state="intake"
    )
    return project


def test_at_most_ten_leads_count_per_unit_and_period():
    factories.units()
    for day in range(1, 13):
        _lead("anzhou", dt.date(2026, 1, day))
    _lead("fuying", dt.date(2026, 1, 5))
    assert points("anzhou", rule=Rule.LEAD) == Decimal("5.00")
    assert points("fuying", rule=Rule.LEAD) == Decimal("0.50")
    lines = unit_drilldown(unit("anzhou"), Q1)
    assert [lead["points"] for lead in lines["leads"]][-3:] == [Decimal("0.5"), 0, 0]


def test_a_lead_goes_to_the_unit_responsible_when_it_entered_intake():
    project = _lead("anzhou", dt.date(2026, 1, 5))
    factories.make_audit_entry(
        project,
        action="project.updated",
        on=dt.date(2026, 1, 9),
        data={"changes": {"responsible_unit": [unit("anzhou").pk, unit("fuying").pk]}},
    )
    type(project).objects.filter(pk=project.pk).update(responsible_unit=unit("fuying"))
    assert points("anzhou", rule=Rule.LEAD) == Decimal("0.50")
    assert points("fuying", rule=Rule.LEAD) == 0
    # The drill-down lists it under the unit responsible at intake, not the one responsible now.
    assert [lead["project_id"] for lead in unit_drilldown(unit("anzhou"), Q1)["leads"]] == [project.pk]
    assert unit_drilldown(unit("fuying"), Q1)["leads"] == []


@pytest.mark.parametrize(
    "local, quarter",
    [
        (dt.datetime(2026, 3, 31, 23, 59), Q1),  # the last minute of a quarter, county time
        (dt.datetime(2026, 4, 1, 0, 1), Period(PeriodKind.QUARTER, dt.date(2026, 4, 1))),
    ],
)
def test_a_lead_counts_in_the_quarter_of_its_local_day(local, quarter):
    project = _lead("anzhou", local.date())
    AuditEntry.objects.filter(project_id=project.pk, to_state="intake").update(at=timezone.make_aware(local))
    assert points("anzhou", period=quarter, rule=Rule.LEAD) == Decimal("0.50")
    other = Q1 if quarter != Q1 else quarter.next()
    assert points("anzhou", period=other, rule=Rule.LEAD) == 0
    assert [lead["on"] for lead in unit_drilldown(unit("anzhou"), quarter)["leads"]] == [local.date()]


def test_manual_adjustment_counts_on_its_date():
    factories.units()
    ScoreAdjustment.objects.create(unit=unit("anzhou"), on=dt.date(2026, 3, 2), points=-10, reason="虚报信息")
    assert points("anzhou") == Decimal("-10.00")


def test_a_new_policy_version_scores_only_events_from_its_date():
    signed(2 * YI, on=dt.date(2026, 1, 20))
    signed(2 * YI, on=dt.date(2026, 3, 20), code="fuying")
    before = points("anzhou")
    old = ScoringPolicy.objects.get()
    new = ScoringPolicy.objects.create(name="新办法", effective_from=dt.date(2026, 3, 1))
    for c in old.size_classes.all():
        new.size_classes.create(min_investment=c.min_investment, points=c.points * 2)
    for w in old.category_weights.all():
        new.category_weights.create(category=w.category, weight=w.weight)
    assert points("anzhou") == before == Decimal("6.00")
    assert points("fuying") == Decimal("12.00")


def test_drilldown_lists_each_line_with_its_rule_share_and_version():
    project = signed(2 * YI, is_fortune500=True)
    lines = unit_drilldown(unit("anzhou"), Q1)["lines"]
    assert [(line["l_project"], line["l_rule"], line["l_points"]) for line in lines] == [
        (project.pk, Rule.FORTUNE500, Decimal("10.00")),
        (project.pk, Rule.SIGNED, Decimal("6.00")),
    ]
    assert {line["l_share"] for line in lines} == {Decimal("100")}
    assert {line["l_policy"] for line in lines} == {ScoringPolicy.objects.get().pk}
