"""Lead clocks (issue 16 §3): reminded before and escalated after, on the working-day calendar."""

import datetime as dt

import pytest
from django.utils import timezone

from investors import clocks, services
from investors.models import LeadClockPolicy
from notifications import deadlines
from notifications.enums import EventKind
from notifications.models import Event
from notifications.reminders import deadline_sweep
from projects.enums import ProjectState
from projects.models import Project
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def only_investor_clocks(monkeypatch):
    monkeypatch.setattr(
        deadlines,
        "_SOURCES",
        {
            "investors.lead_clocks": clocks.open_lead_deadlines,
            "investors.referrer_answers": clocks.open_referral_answer_deadlines,
            "investors.next_steps": clocks.open_next_step_deadlines,
        },
    )


@pytest.fixture
def centre_head(db):
    head = factories.make_user("promotion_staff", "touchu")
    units = factories.units()
    units["touchu"].head = head
    units["touchu"].save(update_fields=["head"])
    return head


def sweep_days(start, end):
    seen = {}
    day = start
    while day <= end:
        deadline_sweep(today=day)
        for key in Event.objects.values_list("key", flat=True):
            seen.setdefault(key, day)
        day += dt.timedelta(days=1)
    return seen


def reported_on(day, **fields):
    project = factories.make_project(**fields)
    at = timezone.make_aware(dt.datetime.combine(day, dt.time(10)))
    Project.objects.filter(pk=project.pk).update(created_at=at)
    return project


def test_a_new_lead_gets_an_owner_and_an_assessment_clock_across_national_day(
    only_investor_clocks, centre_head
):
    # 2025: 1–8 October off; Saturday 11 October a make-up working day.
    lead = reported_on(D(2025, 9, 30), state=ProjectState.LEAD)

    seen = sweep_days(D(2025, 9, 29), D(2025, 10, 16))

    owner, assessment = f"lead-owner:{lead.pk}", f"lead-assessment:{lead.pk}"
    # Owner within 1 working day: due 9 October (the holiday does not count); 3 working days:
    # due on the make-up Saturday.
    assert f"deadline.reminder:{owner}:2025-10-09" in seen
    assert f"deadline.reminder:{assessment}:2025-10-11" in seen
    # Escalated the first working day after the due date, never during the holiday.
    assert seen[f"deadline.overdue:{owner}:2025-10-09:0"] == D(2025, 10, 10)
    assert seen[f"deadline.overdue:{assessment}:2025-10-11:0"] == D(2025, 10, 13)
    assert not any(D(2025, 10, 1) <= day <= D(2025, 10, 8) for day in seen.values())
    # Naming an owner is the centre's task: its head hears of it.
    event = Event.objects.get(key=f"deadline.overdue:{owner}:2025-10-09:0")
    assert list(event.recipients.all()) == [centre_head]


def test_naming_an_owner_and_assessing_stop_those_clocks(only_investor_clocks, centre_head):
    staff = factories.make_user("promotion_staff")
    lead = reported_on(timezone.localdate() - dt.timedelta(days=30), state=ProjectState.ASSESSMENT)
    services.project_origin_set(by=staff, project=lead, owner=staff)

    keys = {d.key for d in clocks.open_lead_deadlines()}

    assert keys == {f"lead-progress_note:{lead.pk}"}


def test_a_progress_note_is_due_every_ten_working_days_while_talks_go_on(only_investor_clocks, centre_head):
    staff = factories.make_user("promotion_staff")
    lead = reported_on(D(2025, 9, 1), state=ProjectState.PRE_REVIEW)
    services.project_origin_set(by=staff, project=lead, owner=staff)
    factories.make_audit_entry(lead, action="project.transition", on=D(2025, 9, 1), to_state="pre_review")
    services.interaction_log(
        by=staff, project=lead, data={"date": D(2025, 9, 26), "outcome": "投资方补充可研材料"}
    )

    found = [d for d in clocks.open_lead_deadlines() if d.key == f"lead-progress_note:{lead.pk}"]

    # Ten working days after 26 September: Sunday 28 (make-up), 29, 30 Sept, then 9–16 October
    # (Saturday 11 October a make-up day), the holiday skipped.
    assert found[0].due == D(2025, 10, 16)
    assert found[0].escalation[0] == (staff.pk,)


def test_a_signed_project_runs_no_lead_clock(only_investor_clocks):
    factories.make_project(state=ProjectState.SIGNED, contract_date=D(2025, 9, 1))

    assert list(clocks.open_lead_deadlines()) == []


def test_the_clocks_follow_the_policy_in_force(only_investor_clocks, centre_head):
    LeadClockPolicy.objects.create(effective_from=D(2025, 1, 1), owner_workdays=2, assessment_workdays=5)
    lead = reported_on(D(2025, 9, 30), state=ProjectState.LEAD)

    due = {d.key: d.due for d in clocks.open_lead_deadlines()}

    assert due[f"lead-owner:{lead.pk}"] == D(2025, 10, 10)


def test_a_next_step_is_reminded_to_the_staff_who_logged_it(only_investor_clocks, centre_head):
    staff = factories.make_user("promotion_staff")
    investor = factories.make_investor()
    step = services.interaction_log(
        by=staff,
        investor=investor,
        data={
            "date": D(2025, 9, 26),
            "outcome": "洽谈用地",
            "next_step": "提交用地测算",
            "next_step_due": D(2025, 10, 9),
        },
    )

    seen = sweep_days(D(2025, 9, 26), D(2025, 10, 10))

    key = f"deadline.reminder:investor-next-step:{step.pk}:2025-10-09"
    assert seen[key] == D(2025, 9, 29)
    assert list(Event.objects.get(key=key).recipients.all()) == [staff]
    assert Event.objects.get(key=key).kind == EventKind.DEADLINE_REMINDER
    services.next_step_done(by=staff, interaction=step)
    assert [d for d in clocks.open_next_step_deadlines()] == []


def test_the_weekly_agenda_lists_stalled_leads_and_next_steps_due(centre_head):
    from notifications.selectors import meeting_agenda

    staff = factories.make_user("promotion_staff")
    silent = reported_on(D(2026, 10, 1), state=ProjectState.ASSESSMENT, name="久无进展的线索")
    talking = reported_on(D(2026, 10, 1), state=ProjectState.ASSESSMENT, name="刚洽谈过的线索")
    services.interaction_log(by=staff, project=talking, data={"date": D(2026, 11, 25), "outcome": "洽谈"})
    services.interaction_log(
        by=staff,
        investor=factories.make_investor(name="台州汇金投资有限公司"),
        data={
            "date": D(2026, 11, 25),
            "outcome": "走访",
            "next_step": "报送方案",
            "next_step_due": D(2026, 12, 1),
        },
    )

    sections = {s["id"]: s for s in meeting_agenda(today=D(2026, 11, 30))["sections"]}

    assert [i["title"] for i in sections["stalled-leads"]["items"]] == [silent.name]
    assert sections["next-steps"]["items"][0]["title"] == "台州汇金投资有限公司：报送方案"
