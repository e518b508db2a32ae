"""The five rates (domain.md §2) on a hand-built set of projects, worked out by hand."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from projects import analytics
from projects.enums import ProjectState as S
from tests import factories

D = dt.date
WAN = Decimal("10000")
TODAY = D(2026, 6, 15)
PERIOD = analytics.Period(D(2026, 1, 1), TODAY, TODAY)
# Pages and the API work out "passed" from the real today; ending the period the day before our
# TODAY gives them the same figures as PERIOD does.
PAGE_PERIOD = {"start": "2026-01-01", "end": "2026-06-14"}


def wan(n):
    return Decimal(n) * WAN


@pytest.fixture
def ledger(db):
    """Ten projects; P9 is on the high-speed-rail new town, the others in the development zone."""
    units = factories.units()
    p = {}
    # P1 signed in the period, planned start passed, not started; 1亿 contracted, 2000万 received.
    p[1] = factories.make_project(
        name="P1", state=S.SIGNED, contract_date=D(2026, 2, 10), planned_start_date=D(2026, 3, 1),
        contracted_investment=wan(10000), funds_received=wan(2000),
    )  # fmt: skip
    # P2 signed in the period and started; completion planned for December (not due).
    p[2] = factories.make_project(
        name="P2", state=S.STARTED, contract_date=D(2026, 1, 20), planned_start_date=D(2026, 4, 1),
        actual_start_date=D(2026, 4, 5), planned_completion_date=D(2026, 12, 31),
        contracted_investment=wan(20000), funds_received=wan(15000),
    )  # fmt: skip
    # P3 signed in the period, then exited before starting; its planned start passed.
    p[3] = factories.make_project(
        name="P3", state=S.EXITED, contract_date=D(2026, 3, 5), planned_start_date=D(2026, 5, 1),
        contracted_investment=wan(5000), exit_reason="资金链断裂",
    )  # fmt: skip
    # P4 signed in the period; planned start in September (not due); nothing received yet.
    p[4] = factories.make_project(
        name="P4", state=S.SIGNED, contract_date=D(2026, 5, 20), planned_start_date=D(2026, 9, 1),
        contracted_investment=wan(10000),
    )  # fmt: skip
    # P5 signed last year, started; planned completion (1 June) passed, not completed.
    p[5] = factories.make_project(
        name="P5", state=S.STARTED, contract_date=D(2025, 11, 1), planned_start_date=D(2026, 2, 1),
        actual_start_date=D(2026, 2, 10), planned_completion_date=D(2026, 6, 1),
        contracted_investment=wan(30000), funds_received=wan(30000),
    )  # fmt: skip
    # P6 completed and in production; planned capacity date (10 June) passed, not at capacity.
    p[6] = factories.make_project(
        name="P6", state=S.IN_PRODUCTION, contract_date=D(2024, 5, 1), actual_start_date=D(2024, 8, 1),
        planned_completion_date=D(2026, 3, 1), actual_completion_date=D(2026, 2, 20),
        actual_production_date=D(2026, 4, 1), planned_capacity_date=D(2026, 6, 10),
        contracted_investment=wan(8000), funds_received=wan(8000),
    )  # fmt: skip
    # P7 at capacity before its planned capacity date (1 May).
    p[7] = factories.make_project(
        name="P7", state=S.AT_CAPACITY, contract_date=D(2023, 1, 1), actual_start_date=D(2023, 3, 1),
        planned_completion_date=D(2024, 6, 1), actual_completion_date=D(2024, 5, 1),
        actual_production_date=D(2025, 1, 1), planned_capacity_date=D(2026, 5, 1),
        actual_capacity_date=D(2026, 4, 20), contracted_investment=wan(6000), funds_received=wan(6000),
    )  # fmt: skip
    # P8 a lead: in no rate.
    p[8] = factories.make_project(name="P8", state=S.LEAD, planned_start_date=D(2026, 3, 1))
    # P9 on the new town: signed in the period and started; 8000万 contracted, 4000万 received.
    p[9] = factories.make_project(
        name="P9", state=S.STARTED, platform=units["gaotie"], responsible_unit=units["gaotie"],
        contract_date=D(2026, 3, 1), planned_start_date=D(2026, 4, 1), actual_start_date=D(2026, 4, 10),
        contracted_investment=wan(8000), funds_received=wan(4000),
    )  # fmt: skip
    # P10 signed in the period; its planned start is today, which has not passed yet.
    p[10] = factories.make_project(
        name="P10", state=S.SIGNED, contract_date=D(2026, 6, 1), planned_start_date=TODAY,
        contracted_investment=wan(2000),
    )  # fmt: skip
    return p


def by_key(figures):
    return {r["key"]: r for r in figures}


def test_rates_over_the_whole_ledger_match_the_hand_count(ledger):
    from projects.models import Project

    rates = by_key(analytics.rates(Project.objects.all(), PERIOD))

    # 履约率: contract date in the period: P1 P2 P3 P4 P9 P10 = 6; not exited (all but P3) = 5.
    # 5 / 6 = 83.33% -> 83.3
    assert (rates["performance"]["numerator"], rates["performance"]["denominator"]) == (5, 6)
    assert rates["performance"]["percent"] == Decimal("83.3")
    # 开工率: signed, planned start in 1 Jan..14 Jun: P1 P2 P3 P5 P9 = 5 (P4 September, P10 today,
    # P8 never signed); started: P2 P5 P9 = 3. 3 / 5 = 60.0
    assert (rates["start"]["numerator"], rates["start"]["denominator"]) == (3, 5)
    assert rates["start"]["percent"] == Decimal("60.0")
    # 竣工率: started, planned completion passed in the period: P5 (1 Jun), P6 (1 Mar) = 2
    # (P2 December, P7 in 2024); completed: P6. 1 / 2 = 50.0
    assert (rates["completion"]["numerator"], rates["completion"]["denominator"]) == (1, 2)
    assert rates["completion"]["percent"] == Decimal("50.0")
    # 达产率: in production, planned capacity passed in the period: P6 (10 Jun), P7 (1 May) = 2;
    # at capacity: P7. 1 / 2 = 50.0
    assert (rates["capacity"]["numerator"], rates["capacity"]["denominator"]) == (1, 2)
    assert rates["capacity"]["percent"] == Decimal("50.0")
    # 资金到位率: signed in the period, not exited: P1 P2 P4 P9 P10.
    # received 2000 + 15000 + 0 + 4000 + 0 = 21000万; contracted 10000 + 20000 + 10000 + 8000 + 2000
    # = 50000万. 21000 / 50000 = 42.0
    assert rates["funds"]["numerator"] == wan(21000)
    assert rates["funds"]["denominator"] == wan(50000)
    assert rates["funds"]["percent"] == Decimal("42.0")


def test_rates_follow_the_ledger_filters(ledger, django_assert_num_queries):
    from projects.filters import ProjectFilter
    from projects.models import Project

    units = factories.units()
    qs = ProjectFilter({"platform": units["kaifaqu"].pk}, queryset=Project.objects.all()).qs
    with django_assert_num_queries(1):
        rates = by_key(analytics.rates(qs, PERIOD))

    # Without P9: 履约率 P1 P2 P3 P4 P10 = 5, not exited 4 -> 80.0
    assert (rates["performance"]["numerator"], rates["performance"]["denominator"]) == (4, 5)
    assert rates["performance"]["percent"] == Decimal("80.0")
    # 开工率 P1 P2 P3 P5 = 4, started P2 P5 = 2 -> 50.0
    assert (rates["start"]["numerator"], rates["start"]["denominator"]) == (2, 4)
    assert rates["start"]["percent"] == Decimal("50.0")
    # 资金到位率 (2000 + 15000) / (10000 + 20000 + 10000 + 2000) = 17000 / 42000 = 40.476 -> 40.5
    assert rates["funds"]["percent"] == Decimal("40.5")


def test_a_rate_with_nothing_due_has_no_percentage(db):
    from projects.models import Project

    factories.make_project(
        name="far", state=S.SIGNED, contract_date=D(2026, 2, 1), planned_start_date=D(2027, 1, 1)
    )
    rates = by_key(analytics.rates(Project.objects.all(), PERIOD))

    assert (rates["start"]["numerator"], rates["start"]["denominator"]) == (0, 0)
    assert rates["start"]["percent"] is None
    assert rates["performance"]["percent"] == Decimal("100.0")


def test_each_side_of_a_rate_lists_exactly_its_projects(ledger):
    from projects.models import Project

    def names(key, part):
        qs = analytics.rate_projects(Project.objects.all(), key=key, part=part, period=PERIOD)
        return set(qs.values_list("name", flat=True))

    assert names("start", "denominator") == {"P1", "P2", "P3", "P5", "P9"}
    assert names("start", "numerator") == {"P2", "P5", "P9"}
    assert names("performance", "numerator") == {"P1", "P2", "P4", "P9", "P10"}
    assert names("completion", "denominator") == {"P5", "P6"}
    assert names("capacity", "numerator") == {"P7"}
    assert names("funds", "numerator") == {"P1", "P2", "P9"}


def test_rates_page_shows_figures_and_links_to_the_projects_behind_them(client, staff, ledger):
    client.force_login(staff)

    response = client.get(reverse("projects:rates"), PAGE_PERIOD)

    assert response.status_code == 200
    html = response.content.decode()
    assert "开工率" in html
    assert "60.0%" in html and "83.3%" in html and "42.0%" in html
    start = next(r for r in response.context["rates"] if r["key"] == "start")
    drill = client.get(start["numerator_url"])
    assert drill.status_code == 200
    listed = {p.name for p in drill.context["page_obj"]}
    assert listed == {"P2", "P5", "P9"}
    assert "3 个项目" in drill.content.decode()


def test_rates_page_keeps_the_ledger_filter_in_its_links(client, staff, ledger):
    client.force_login(staff)
    platform = factories.units()["kaifaqu"].pk

    response = client.get(reverse("projects:rates"), {**PAGE_PERIOD, "platform": platform})

    start = next(r for r in response.context["rates"] if r["key"] == "start")
    assert (start["numerator"], start["denominator"]) == (2, 4)
    drill = client.get(start["denominator_url"])
    assert {p.name for p in drill.context["page_obj"]} == {"P1", "P2", "P3", "P5"}


def test_rates_page_says_when_the_period_is_backwards(client, staff, ledger):
    client.force_login(staff)

    response = client.get(reverse("projects:rates"), {"start": "2026-06-01", "end": "2026-01-01"})

    assert response.status_code == 200
    assert "期间结束日期早于开始日期" in response.content.decode()


def test_reviewers_may_not_see_the_rates(client, reviewer):
    client.force_login(reviewer)

    assert client.get(reverse("projects:rates")).status_code == 403
    assert client.get("/api/ledger/rates/").status_code == 403


def test_rates_api_gives_numerators_and_denominators(client, leader, ledger):
    client.force_login(leader)

    response = client.get("/api/ledger/rates/", PAGE_PERIOD)

    assert response.status_code == 200
    body = response.json()
    assert body["start"] == "2026-01-01" and body["end"] == "2026-06-14"
    rates = {r["key"]: r for r in body["rates"]}
    assert (rates["start"]["numerator"], rates["start"]["denominator"], rates["start"]["percent"]) == (
        3,
        5,
        60.0,
    )
    assert rates["funds"]["numerator"] == 210000000.0
    assert rates["funds"]["denominator"] == 500000000.0


def test_rates_api_rejects_a_backwards_period_with_a_field_error(client, leader):
    client.force_login(leader)

    response = client.get("/api/ledger/rates/", {"start": "2026-06-01", "end": "2026-01-01"})

    assert response.status_code == 400
    assert "end" in response.json()


def test_rates_api_query_count_does_not_grow_with_projects(client, leader, django_assert_max_num_queries):
    client.force_login(leader)
    for i in range(3):
        factories.make_project(name=f"a{i}", state=S.SIGNED, contract_date=D(2026, 2, 1))
    with django_assert_max_num_queries(6) as few:
        client.get("/api/ledger/rates/")
    for i in range(40):
        factories.make_project(name=f"b{i}", state=S.SIGNED, contract_date=D(2026, 2, 1))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get("/api/ledger/rates/")
    assert response.status_code == 200
