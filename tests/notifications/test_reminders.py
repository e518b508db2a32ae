import datetime as dt

import pytest

from notifications.deadlines import Deadline
from notifications.enums import EventKind
from notifications.models import Event, ReminderPolicy
from notifications.reminders import deadline_sweep
from tests import factories
from workdays.models import WorkdayAdjustment
from workdays.services import adjustments_changed

pytestmark = pytest.mark.django_db
D = dt.date


def days(start, end):
    day = start
    while day <= end:
        yield day
        day += dt.timedelta(days=1)


def first_days(kind, start, end):
    """Run the sweep every calendar day; the day each event key first appeared."""
    seen = {}
    for day in days(start, end):
        deadline_sweep(today=day)
        for key in Event.objects.filter(kind=kind).values_list("key", flat=True):
            seen.setdefault(key, day)
    return seen


def deadline(key, due, escalation):
    return Deadline(key=key, due=due, title=f"测试事项{key}", url=f"/x/{key}/", escalation=escalation)


def test_reminders_fall_two_working_days_before_across_national_day_and_make_up_days(sources):
    # 2025: 1–8 October off; Sunday 28 Sept and Saturday 11 Oct are make-up working days.
    person = factories.make_user("promotion_staff")
    due = {"a": D(2025, 10, 9), "b": D(2025, 10, 13), "c": D(2025, 10, 14)}
    sources["test"] = lambda: (deadline(k, d, ((person.pk,), (), ())) for k, d in due.items())

    seen = first_days(EventKind.DEADLINE_REMINDER, D(2025, 9, 20), D(2025, 10, 16))

    assert seen == {
        "deadline.reminder:a:2025-10-09": D(2025, 9, 29),  # before the holiday, not during it
        "deadline.reminder:b:2025-10-13": D(2025, 10, 10),
        "deadline.reminder:c:2025-10-14": D(2025, 10, 11),  # the make-up Saturday counts
    }
    reminder = Event.objects.get(key="deadline.reminder:c:2025-10-14")
    assert list(reminder.recipients.all()) == [person]
    assert reminder.payload["workdays"] == 2


def test_a_local_day_off_moves_the_reminder_earlier(sources):
    person = factories.make_user("promotion_staff")
    WorkdayAdjustment.objects.create(date=D(2025, 10, 10), is_workday=False, reason="县庆放假")
    adjustments_changed()
    sources["test"] = lambda: [deadline("b", D(2025, 10, 13), ((person.pk,), (), ()))]

    seen = first_days(EventKind.DEADLINE_REMINDER, D(2025, 10, 1), D(2025, 10, 13))

    assert seen == {"deadline.reminder:b:2025-10-13": D(2025, 10, 9)}


def test_the_reminder_lead_time_is_data_the_administrator_sets(sources):
    person = factories.make_user("promotion_staff")
    ReminderPolicy.objects.create(effective_from=D(2025, 1, 1), reminder_workdays=3, escalation_workdays=2)
    sources["test"] = lambda: [deadline("c", D(2025, 10, 14), ((person.pk,), (), ()))]

    seen = first_days(EventKind.DEADLINE_REMINDER, D(2025, 10, 1), D(2025, 10, 14))

    assert seen == {"deadline.reminder:c:2025-10-14": D(2025, 10, 10)}


def test_escalation_reaches_the_reviewer_then_the_head_then_the_convener(sources):
    reviewer = factories.make_user("department_reviewer", "fagai")
    head = factories.make_user("department_reviewer", "fagai")
    convener = factories.make_user("promotion_staff")
    sources["test"] = lambda: [deadline("op", D(2025, 10, 9), ((reviewer.pk,), (head.pk,), (convener.pk,)))]

    seen = first_days(EventKind.DEADLINE_OVERDUE, D(2025, 10, 9), D(2025, 10, 20))

    # Due Thursday 9 Oct; 2 working days per level; Saturday 11 Oct is a make-up working day.
    assert seen == {
        "deadline.overdue:op:2025-10-09:0": D(2025, 10, 10),
        "deadline.overdue:op:2025-10-09:1": D(2025, 10, 13),
        "deadline.overdue:op:2025-10-09:2": D(2025, 10, 15),
    }
    told = {
        e.payload["level"]: list(e.recipients.values_list("pk", flat=True))
        for e in Event.objects.filter(kind=EventKind.DEADLINE_OVERDUE)
    }
    assert told == {0: [reviewer.pk], 1: [head.pk], 2: [convener.pk]}


def test_a_level_with_nobody_to_tell_is_passed_over(sources):
    convener = factories.make_user("promotion_staff")
    sources["test"] = lambda: [deadline("x", D(2025, 6, 2), ((), (), (convener.pk,)))]

    deadline_sweep(today=D(2025, 6, 20))

    assert list(Event.objects.values_list("key", flat=True)) == ["deadline.overdue:x:2025-06-02:2"]


def test_running_the_sweep_twice_records_each_reminder_once(sources):
    person = factories.make_user("promotion_staff")
    sources["test"] = lambda: (deadline(f"n{i}", D(2025, 10, 14), ((person.pk,), (), ())) for i in range(25))

    first = deadline_sweep(today=D(2025, 10, 11), chunk_size=10)
    second = deadline_sweep(today=D(2025, 10, 11), chunk_size=10)

    assert first["reminders"] == 25
    assert second["reminders"] == 0
    assert Event.objects.filter(kind=EventKind.DEADLINE_REMINDER).count() == 25


def test_a_moved_deadline_earns_a_new_reminder(sources):
    person = factories.make_user("promotion_staff")
    due = {"d": D(2025, 10, 14)}
    sources["test"] = lambda: [deadline("d", due["d"], ((person.pk,), (), ()))]
    deadline_sweep(today=D(2025, 10, 11))
    due["d"] = D(2025, 10, 20)
    deadline_sweep(today=D(2025, 10, 16))

    assert sorted(Event.objects.values_list("key", flat=True)) == [
        "deadline.reminder:d:2025-10-14",
        "deadline.reminder:d:2025-10-20",
    ]


def test_nothing_is_sent_on_a_holiday(sources):
    person = factories.make_user("promotion_staff")
    sources["test"] = lambda: [deadline("h", D(2025, 10, 9), ((person.pk,), (), ()))]

    assert deadline_sweep(today=D(2025, 10, 3))["skipped"]
    assert not Event.objects.exists()


def test_project_deadlines_and_next_milestone_are_reminder_sources(sources):
    from org.demo_units import ensure_units
    from projects.deadlines import open_project_deadlines
    from projects.enums import ProjectState

    units = ensure_units()
    head = factories.make_user("promotion_staff", "kaifaqu")
    centre_head = factories.make_user("promotion_staff")
    units["kaifaqu"].head = head
    units["kaifaqu"].save()
    units["touchu"].head = centre_head
    units["touchu"].save()
    cadre = factories.make_user("promotion_staff")
    project = factories.make_project(
        name="高端医疗器械项目",
        state=ProjectState.SIGNED,
        deadline=D(2025, 10, 14),
        planned_start_date=D(2025, 11, 3),
        planned_completion_date=D(2026, 6, 1),
        service_cadre=cadre,
    )
    factories.make_project(state=ProjectState.EXITED, deadline=D(2025, 10, 14))
    sources["projects"] = open_project_deadlines

    found = {d.key: d for d in open_project_deadlines()}

    assert set(found) == {
        f"project-deadline:{project.pk}",
        f"project-milestone:{project.pk}:planned_start_date",
    }
    milestone = found[f"project-milestone:{project.pk}:planned_start_date"]
    assert milestone.due == D(2025, 11, 3)
    assert milestone.title.startswith("“高端医疗器械项目”的")
    assert milestone.escalation == ((cadre.pk,), (head.pk,), (centre_head.pk,))
    deadline_sweep(today=D(2025, 10, 11))
    assert Event.objects.get().key == f"deadline.reminder:project-deadline:{project.pk}:2025-10-14"
