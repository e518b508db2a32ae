"""The whole transition table: each state × each target × each role, allowed or refused."""

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from audit.models import AuditEntry
from org.enums import Role
from projects import services
from projects.enums import DecisionOutcome, ProjectState
from projects.models import Project, ProjectDecision
from projects.services import project_transition
from tests import factories

S = ProjectState
ALL_STATES = list(ProjectState)
ALL_ROLES = list(Role)
MAIN_LINE = [
    S.LEAD,
    S.INTAKE,
    S.ASSESSMENT,
    S.PRE_REVIEW,
    S.DECISION,
    S.SIGNED,
    S.LAND_SUPPLIED,
    S.STARTED,
    S.COMPLETED,
    S.IN_PRODUCTION,
    S.AT_CAPACITY,
    S.ASSESSED,
]
NEXT = dict(zip(MAIN_LINE, MAIN_LINE[1:], strict=False))
CLOSED = {S.ASSESSED, S.EXITED, S.REJECTED}
PIPELINE_ROLES = {Role.PROMOTION_STAFF, Role.ADMINISTRATOR}


def expected(state, to, role):
    """The table, written out from domain.md §2 independently of the code."""
    if state in CLOSED:
        return False
    if to == NEXT.get(state):
        return role in PIPELINE_ROLES
    if to == S.EXITED:
        return role in PIPELINE_ROLES | {Role.LEADER}
    if to == S.REJECTED and state == S.PRE_REVIEW:
        return role in PIPELINE_ROLES
    if to == S.REJECTED and state == S.DECISION:
        return role == Role.LEADER
    return False


def step_data(to, units):
    return {
        S.ASSESSMENT: {"responsible_unit": units["kaifaqu"], "deadline": dt.date(2026, 12, 31)},
        S.SIGNED: {"contract_date": dt.date(2026, 3, 2), "contracted_investment": Decimal("90000000.00")},
        S.LAND_SUPPLIED: {"land_supplied_date": dt.date(2026, 4, 1)},
        S.STARTED: {"actual_start_date": dt.date(2026, 5, 6)},
        S.COMPLETED: {"actual_completion_date": dt.date(2027, 5, 6)},
        S.IN_PRODUCTION: {"actual_production_date": dt.date(2027, 6, 1)},
        S.AT_CAPACITY: {"actual_capacity_date": dt.date(2028, 6, 1)},
    }.get(to, {})


# The table's projects: 20 mu (so the leading group alone decides), no responsible unit yet.
TABLE_PROJECT = {"land_area": Decimal("20"), "responsible_unit": None}


@pytest.fixture
def without_other_apps_guards(monkeypatch):
    """The pre-review app guards pre_review → decision/rejected; this table tests order and roles."""
    for pair in [(S.PRE_REVIEW, S.DECISION), (S.PRE_REVIEW, S.REJECTED)]:
        monkeypatch.setitem(services._GUARDS, pair, [])


@pytest.mark.django_db
@pytest.mark.parametrize("role", ALL_ROLES, ids=str)
@pytest.mark.parametrize("to", ALL_STATES, ids=str)
@pytest.mark.parametrize("state", ALL_STATES, ids=str)
def test_transition_table(people, without_other_apps_guards, state, to, role):
    units, user = people.units, people.users[role]
    project = factories.make_project(state=state, **TABLE_PROJECT)
    if state == S.DECISION:
        # The decision guards are met: every body approved for signing, one said no for rejecting.
        outcome = DecisionOutcome.REJECTED if to == S.REJECTED else DecisionOutcome.APPROVED
        ProjectDecision.objects.create(
            project=project, body=units["leading-group"], outcome=outcome, decided_on=dt.date(2026, 2, 1)
        )
    note = "原因说明" if to in (S.EXITED, S.REJECTED) else ""
    before = AuditEntry.objects.filter(project_id=project.pk).count()

    if expected(state, to, role):
        project_transition(project=project, to=to, by=user, note=note, data=step_data(to, units))
        project.refresh_from_db()
        assert project.state == to
        entry = AuditEntry.objects.filter(project_id=project.pk).latest("id")
        assert (entry.action, entry.from_state, entry.to_state, entry.actor) == (
            "project.transition",
            state,
            to,
            user,
        )
        assert entry.note == note
    else:
        with pytest.raises((PermissionDenied, ValidationError)):
            project_transition(project=project, to=to, by=user, note=note, data=step_data(to, units))
        project.refresh_from_db()
        assert project.state == state
        assert AuditEntry.objects.filter(project_id=project.pk).count() == before


REQUIRED = {
    S.ASSESSMENT: {"responsible_unit", "deadline"},
    S.SIGNED: {"contract_date", "contracted_investment"},
    S.LAND_SUPPLIED: {"land_supplied_date"},
    S.STARTED: {"actual_start_date"},
    S.COMPLETED: {"actual_completion_date"},
    S.IN_PRODUCTION: {"actual_production_date"},
    S.AT_CAPACITY: {"actual_capacity_date"},
}


@pytest.mark.django_db
@pytest.mark.parametrize("to", list(REQUIRED), ids=str)
def test_a_step_without_its_data_is_refused_field_by_field(people, to):
    previous = MAIN_LINE[MAIN_LINE.index(to) - 1]
    project = factories.make_project(state=previous, **TABLE_PROJECT)
    if previous == S.DECISION:
        ProjectDecision.objects.create(
            project=project,
            body=people.units["leading-group"],
            outcome="approved",
            decided_on=dt.date(2026, 2, 1),
        )
    with pytest.raises(ValidationError) as err:
        project_transition(project=project, to=to, by=people.users[Role.PROMOTION_STAFF])
    assert set(err.value.message_dict) == REQUIRED[to]
    assert "必须填写" in str(err.value.message_dict)
    project.refresh_from_db()
    assert project.state == previous


@pytest.mark.django_db
@pytest.mark.parametrize("to", [S.EXITED], ids=str)
def test_an_exit_needs_a_reason_and_keeps_it(people, to):
    project = factories.make_project(state=S.SIGNED, **TABLE_PROJECT)
    staff = people.users[Role.PROMOTION_STAFF]
    with pytest.raises(ValidationError) as err:
        project_transition(project=project, to=to, by=staff, note="  ")
    assert "note" in err.value.message_dict
    project_transition(project=project, to=to, by=staff, note="投资方战略调整")
    project.refresh_from_db()
    assert project.exit_reason == "投资方战略调整"


@pytest.mark.django_db
def test_a_step_cannot_set_fields_that_do_not_belong_to_it(people):
    project = factories.make_project(state=S.LEAD, **TABLE_PROJECT)
    with pytest.raises(ValidationError) as err:
        project_transition(
            project=project,
            to=S.INTAKE,
            by=people.users[Role.PROMOTION_STAFF],
            data={"total_investment": Decimal("1")},
        )
    assert "total_investment" in err.value.message_dict
    project.refresh_from_db()
    assert project.total_investment == Decimal("100000000.00")


@pytest.mark.django_db
def test_a_stale_page_cannot_move_a_project_someone_else_moved(people):
    staff = people.users[Role.PROMOTION_STAFF]
    project = factories.make_project(state=S.LEAD, **TABLE_PROJECT)
    stale = Project.objects.get(pk=project.pk)
    project_transition(project=project, to=S.INTAKE, by=staff)
    with pytest.raises(ValidationError) as err:
        project_transition(project=stale, to=S.EXITED, by=staff, note="重复")
    assert err.value.code == "stale"
    assert Project.objects.get(pk=project.pk).state == S.INTAKE


@pytest.mark.django_db(transaction=True)
def test_two_people_moving_one_project_at_once_leave_exactly_one_move():
    staff = factories.make_user("promotion_staff")
    leader = factories.make_user("leader", "leading-group")
    units = factories.units()
    project = factories.make_project(name="并发项目", state=S.INTAKE, responsible_unit=None)
    barrier = threading.Barrier(2)
    results = {}

    def move(key, user, to, data, note):
        copy = Project.objects.get(pk=project.pk)
        barrier.wait()
        try:
            project_transition(project=copy, to=to, by=user, data=data, note=note)
            results[key] = "ok"
        except ValidationError as e:
            results[key] = e.code if hasattr(e, "code") else "invalid"
        finally:
            connection.close()

    threads = [
        threading.Thread(
            target=move,
            args=(
                "assess",
                staff,
                S.ASSESSMENT,
                {"responsible_unit": units["kaifaqu"], "deadline": dt.date(2026, 12, 31)},
                "",
            ),
        ),
        threading.Thread(target=move, args=("exit", leader, S.EXITED, {}, "投资方撤回")),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results.values()) == ["ok", "stale"]
    project.refresh_from_db()
    winner = "assess" if results["assess"] == "ok" else "exit"
    assert project.state == (S.ASSESSMENT if winner == "assess" else S.EXITED)
    moves = AuditEntry.objects.filter(project_id=project.pk, action="project.transition")
    assert moves.count() == 1
