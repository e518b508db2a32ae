"""Existing firms (issue 16 §4): an expansion is a pipeline project like a new one; 以企引企 links
the project to the local firm that brought it in."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from investors import selectors, services
from investors.models import ProjectInvestor
from projects import analytics
from projects.enums import ProjectKind, ProjectState
from projects.models import Project
from scoring.enums import PeriodKind, Rule
from scoring.periods import Period
from scoring.selectors import unit_points
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date
YI = Decimal("100000000")


def test_an_expansion_counts_in_the_rates_like_a_new_project():
    period = analytics.Period(D(2026, 1, 1), D(2026, 6, 30), D(2026, 7, 1))
    for kind in (ProjectKind.NEW, ProjectKind.EXPANSION):
        factories.make_project(
            kind=kind,
            state=ProjectState.STARTED,
            contract_date=D(2026, 2, 1),
            planned_start_date=D(2026, 4, 1),
            actual_start_date=D(2026, 4, 2),
            contracted_investment=YI,
            funds_received=YI / 2,
        )

    figures = {r["key"]: r for r in analytics.rates(Project.objects.all(), period)}
    expansions = {
        r["key"]: r for r in analytics.rates(Project.objects.filter(kind=ProjectKind.EXPANSION), period)
    }

    assert (figures["performance"]["numerator"], figures["performance"]["denominator"]) == (2, 2)
    assert (figures["start"]["numerator"], figures["start"]["denominator"]) == (2, 2)
    assert figures["funds"]["denominator"] == 2 * YI
    assert expansions["start"]["denominator"] == 1


def test_an_expansion_scores_its_signing_like_a_new_project():
    from scoring.services import policy_ensure_default

    policy_ensure_default()
    unit = factories.units()["anzhou"]
    factories.make_project(
        kind=ProjectKind.EXPANSION,
        total_investment=6 * YI,
        fixed_asset_investment=0,
        contract_date=D(2026, 2, 10),
        responsible_unit=unit,
    )

    parts, *_ = unit_points(Period(PeriodKind.QUARTER, D(2026, 1, 1)))

    assert parts[unit.pk][Rule.SIGNED] == Decimal("10.00")


def test_a_project_brought_in_by_a_local_firm_links_to_it(client, staff):
    local = factories.make_investor(name="杭州康联医疗器械有限公司", is_local=True)
    project = factories.make_project(name="精密注塑配套项目", investor_name="宁波甬塑精密注塑有限公司")

    services.project_origin_set(by=staff, project=project, introduced_by=local)

    assert ProjectInvestor.objects.get(project=project).introduced_by == local
    client.force_login(staff)
    page = client.get(reverse("investors:detail", args=[local.pk])).content.decode()
    assert "该企业引荐的项目" in page and "精密注塑配套项目" in page


def test_only_a_landed_firm_can_introduce_a_project(staff):
    outsider = factories.make_investor(is_local=False)
    project = factories.make_project()

    with pytest.raises(ValidationError) as exc:
        services.project_origin_set(by=staff, project=project, introduced_by=outsider)

    assert "已在本县落地" in exc.value.message_dict["introduced_by"][0]


def test_conversions_count_signed_projects_per_source_and_per_staff(staff):
    from investors.models import Source

    outpost = Source.objects.create(name="深圳驻点招商办", kind="outpost")
    signed = factories.make_project(state=ProjectState.SIGNED, contract_date=D(2026, 2, 1))
    talking = factories.make_project(state=ProjectState.ASSESSMENT)
    for project in (signed, talking):
        services.project_origin_set(by=staff, project=project, source=outpost, owner=staff)

    row = selectors.conversions_by_source().get(pk=outpost.pk)
    mine = selectors.conversions_by_staff().get(pk=staff.pk)

    assert (row.project_count, row.signed_count) == (2, 1)
    assert (mine.lead_count, mine.signed_count) == (2, 1)


def test_the_rates_api_filters_expansions(client, staff):
    factories.make_project(kind=ProjectKind.EXPANSION, contract_date=D(2026, 2, 1), contracted_investment=YI)
    factories.make_project(kind=ProjectKind.NEW, contract_date=D(2026, 2, 1), contracted_investment=YI)
    client.force_login(staff)

    rates = client.get(
        "/api/ledger/rates/", {"kind": "expansion", "start": "2026-01-01", "end": "2026-06-30"}
    ).json()

    performance = next(r for r in rates["rates"] if r["key"] == "performance")
    assert performance["denominator"] == 1
