"""Decision routing by land area (domain §3), as data; signing waits for every required body."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from projects import services
from projects.enums import DecisionOutcome, ProjectState
from projects.models import DecisionRoute
from tests import factories

pytestmark = pytest.mark.django_db
S = ProjectState
SIGN_DATA = {"contract_date": dt.date(2026, 3, 2), "contracted_investment": Decimal("50000000")}


@pytest.mark.parametrize(
    ("land", "bodies"),
    [
        ("0", ["leading-group"]),
        ("30", ["leading-group"]),
        ("30.01", ["leading-group", "executive-meeting"]),
        ("100", ["leading-group", "executive-meeting"]),
        ("100.01", ["leading-group", "executive-meeting", "standing-committee"]),
        ("450", ["leading-group", "executive-meeting", "standing-committee"]),
    ],
)
def test_the_default_route_picks_the_bodies_by_land_area(land, bodies):
    factories.units()
    project = factories.make_project(land_area=Decimal(land))
    assert [b.code for b in services.required_bodies(project)] == bodies


def test_a_newer_route_version_applies_from_its_date():
    units = factories.units()
    route = DecisionRoute.objects.create(area_up_to=Decimal("50"), effective_from=dt.date(2030, 1, 1))
    route.bodies.set([units["leading-group"], units["executive-meeting"]])
    project = factories.make_project(land_area=Decimal("40"))
    assert len(services.required_bodies(project, on=dt.date(2029, 12, 31))) == 2  # the default 30–100 band
    assert [b.code for b in services.required_bodies(project, on=dt.date(2030, 1, 1))] == [
        "leading-group",
        "executive-meeting",
    ]
    project.land_area = Decimal("20")
    assert len(services.required_bodies(project, on=dt.date(2030, 1, 1))) == 2


def _at_decision(land):
    return factories.make_project(state=S.DECISION, land_area=Decimal(land))


def test_signing_waits_until_every_required_body_approved(staff, leader):
    units = factories.units()
    project = _at_decision("120")
    services.decision_record(
        project=project, body=units["leading-group"], outcome=DecisionOutcome.APPROVED, by=leader
    )
    services.decision_record(
        project=project, body=units["executive-meeting"], outcome=DecisionOutcome.APPROVED, by=leader
    )
    with pytest.raises(ValidationError) as err:
        services.project_transition(project=project, to=S.SIGNED, by=staff, data=SIGN_DATA)
    assert "县委常委会" in err.value.messages[0]
    project.refresh_from_db()
    assert project.state == S.DECISION
    services.decision_record(
        project=project, body=units["standing-committee"], outcome=DecisionOutcome.APPROVED, by=leader
    )
    services.project_transition(project=project, to=S.SIGNED, by=staff, data=SIGN_DATA)
    assert project.state == S.SIGNED


def test_a_no_lets_a_leader_reject_but_not_staff(staff, leader):
    units = factories.units()
    project = _at_decision("10")
    with pytest.raises(ValidationError):
        services.project_transition(project=project, to=S.REJECTED, by=leader, note="未获通过")
    services.decision_record(
        project=project,
        body=units["leading-group"],
        outcome=DecisionOutcome.REJECTED,
        by=leader,
        note="不符合产业导向",
    )
    with pytest.raises(PermissionDenied):
        services.project_transition(project=project, to=S.REJECTED, by=staff, note="未获通过")
    with pytest.raises(ValidationError):
        services.project_transition(project=project, to=S.SIGNED, by=staff, data=SIGN_DATA)
    services.project_transition(project=project, to=S.REJECTED, by=leader, note="领导小组未通过")
    assert project.state == S.REJECTED


def test_only_leaders_record_decisions_and_only_for_required_bodies(staff, leader):
    units = factories.units()
    project = _at_decision("10")
    with pytest.raises(PermissionDenied):
        services.decision_record(
            project=project, body=units["leading-group"], outcome=DecisionOutcome.APPROVED, by=staff
        )
    with pytest.raises(ValidationError) as err:
        services.decision_record(
            project=project, body=units["standing-committee"], outcome=DecisionOutcome.APPROVED, by=leader
        )
    assert "body" in err.value.message_dict
    assert not project.decisions.exists()


def test_decisions_are_recorded_only_at_the_decision_stage(leader):
    units = factories.units()
    project = factories.make_project(state=S.ASSESSMENT, land_area=Decimal("10"))
    with pytest.raises(ValidationError):
        services.decision_record(
            project=project, body=units["leading-group"], outcome=DecisionOutcome.APPROVED, by=leader
        )


def test_a_decision_writes_an_audit_row_on_the_project_timeline(leader):
    from projects.selectors import project_timeline

    units = factories.units()
    project = _at_decision("10")
    services.decision_record(
        project=project, body=units["leading-group"], outcome=DecisionOutcome.APPROVED, by=leader
    )
    entry = list(project_timeline(project))[-1]
    assert entry.action == "project.decision"
    assert entry.data["outcome"] == "approved"
