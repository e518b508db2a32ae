"""An enterprise request from filing to the enterprise's word: routing, objections, escalation,
withdrawal, reopening, statistics and who sees what."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from aftercare import selectors, services
from aftercare.enums import EscalationLevel, RequestState
from aftercare.models import ServiceRequest
from notifications.models import Event
from notifications.reminders import deadline_sweep
from notifications.selectors import meeting_agenda
from tests import factories

D = dt.date


def test_an_objection_within_one_working_day_is_settled_by_the_centre(routed, lead, staff, units):
    request = routed(on=D(2025, 11, 3))

    services.objection_raise(request=request, by=lead, reason="属自然资源部门职责", on=D(2025, 11, 4))
    assignment = request.assignments.get(unit=units["kaifaqu"])
    services.objection_settle(assignment=assignment, by=staff, upheld=True, new_unit=units["zigui"])

    request.refresh_from_db()
    assert request.lead_unit == units["zigui"]
    assert list(request.assignments.filter(active=True).values_list("unit__code", "role")) == [
        ("zigui", "lead")
    ]
    zigui = factories.make_user("department_reviewer", "zigui")
    assert ServiceRequest.objects.for_user(zigui).filter(pk=request.pk).exists()
    assert not ServiceRequest.objects.for_user(lead).filter(pk=request.pk).exists()


def test_an_objection_after_one_working_day_is_refused(routed, lead):
    request = routed(on=D(2025, 11, 3))

    with pytest.raises(ValidationError):
        services.objection_raise(request=request, by=lead, reason="不是我们的事", on=D(2025, 11, 5))

    assert request.assignments.get().objection_state == ""


def test_a_missed_clock_escalates_to_each_level_then_the_coordination_meeting(
    routed, project, lead, units, leader
):
    head = factories.make_user("platform_reviewer", "kaifaqu")
    units["kaifaqu"].head = head
    units["kaifaqu"].save()
    request = routed(on=D(2025, 11, 3))  # contact due 4 November, never recorded
    levels = {}
    for day in [D(2025, 11, d) for d in (4, 5, 6, 7, 10, 11, 12, 13, 14)]:
        services.escalation_sweep(today=day)
        deadline_sweep(today=day)
        request.refresh_from_db()
        levels[day] = request.escalation_level

    assert levels[D(2025, 11, 4)] == EscalationLevel.NONE
    assert levels[D(2025, 11, 5)] == EscalationLevel.CADRE
    assert levels[D(2025, 11, 7)] == EscalationLevel.UNIT_HEAD
    assert levels[D(2025, 11, 11)] == EscalationLevel.LEADER
    assert levels[D(2025, 11, 13)] == EscalationLevel.MEETING
    assert request.on_agenda
    # Each level told once, to its people: the cadre, the unit head, the county leader.
    told = {
        e.payload["level"]: set(e.recipients.values_list("pk", flat=True))
        for e in Event.objects.filter(key__startswith=f"deadline.overdue:aftercare:{request.pk}:contact_due")
    }
    assert project.service_cadre_id in told[0] and lead.pk in told[0]
    assert told[1] == {head.pk}
    assert leader.pk in told[2]
    assert Event.objects.filter(key__startswith=f"aftercare.meeting:{request.pk}:").count() == 1
    section = next(
        s for s in meeting_agenda(today=D(2025, 11, 14))["sections"] if s["id"] == "aftercare-meeting"
    )
    assert section["count"] == 1


def test_each_clocks_reminder_is_sent_once_however_often_the_sweeps_run(routed, lead):
    request = routed(on=D(2025, 11, 3))  # contact due 4 November, stage reply 6 November
    for _run in range(3):
        for day in (D(2025, 11, 3), D(2025, 11, 4)):
            deadline_sweep(today=day)
            services.escalation_sweep(today=day)

    reminders = Event.objects.filter(key__startswith=f"deadline.reminder:aftercare:{request.pk}:")
    keys = sorted(reminders.values_list("key", flat=True))
    assert keys == [
        f"deadline.reminder:aftercare:{request.pk}:contact_due:2025-11-04",
        f"deadline.reminder:aftercare:{request.pk}:reply_due:2025-11-06",
    ]
    assert lead.pk in set(reminders.first().recipients.values_list("pk", flat=True))


def test_a_withdrawal_is_refused_without_the_enterprises_confirmation(routed, lead, enterprise):
    request = routed(on=D(2025, 11, 3))

    with pytest.raises((ValidationError, PermissionDenied)) as caught:
        services.request_transition(request=request, to=RequestState.WITHDRAWN, by=lead)
    assert "企业" in str(caught.value) or "enterprise" in str(caught.value)

    services.withdrawal_ask(request=request, by=lead, reason="与另一诉求重复")
    request.refresh_from_db()
    assert request.state == RequestState.WITHDRAWAL_ASKED
    with pytest.raises(PermissionDenied):
        services.withdrawal_answer(request=request, by=lead, confirm=True)

    services.withdrawal_answer(request=request, by=enterprise, confirm=False, note="问题仍然存在")
    request.refresh_from_db()
    assert request.state == RequestState.ASSIGNED


def test_not_satisfied_reopens_with_a_fifteen_working_day_fix_and_a_call_back(routed, lead, enterprise):
    request = routed(on=D(2025, 11, 3))
    services.resolution_propose(request=request, by=lead, resolution="已协调供电公司", on=D(2025, 11, 5))

    services.request_confirm(request=request, by=enterprise, rating=2, comment="仍未通电", on=D(2025, 11, 6))
    request.refresh_from_db()

    assert request.state == RequestState.REOPENED
    assert request.close_due == D(2025, 11, 27)
    assert request.callback_due == D(2025, 11, 7)
    with pytest.raises(ValidationError):  # a call-back first
        services.resolution_propose(request=request, by=lead, resolution="再次协调")
    services.request_contact(request=request, by=lead, note="回访企业", on=D(2025, 11, 7))
    services.resolution_propose(request=request, by=lead, resolution="已通电", on=D(2025, 11, 10))
    services.request_confirm(request=request, by=enterprise, rating=5, on=D(2025, 11, 11))
    request.refresh_from_db()
    assert (request.state, request.rating, request.closed_on) == (RequestState.SOLVED, 5, D(2025, 11, 11))


def test_only_the_enterprise_confirms_and_an_unanswered_resolution_closes_unconfirmed(routed, lead):
    request = routed(on=D(2025, 11, 3))
    services.resolution_propose(request=request, by=lead, resolution="已办结", on=D(2025, 11, 4))

    with pytest.raises(PermissionDenied):
        services.request_confirm(request=request, by=lead, rating=5)
    services.unconfirmed_close_sweep(today=D(2025, 11, 11))  # five working days: still waiting
    request.refresh_from_db()
    assert request.state == RequestState.PROPOSED
    services.unconfirmed_close_sweep(today=D(2025, 11, 12))
    services.unconfirmed_close_sweep(today=D(2025, 11, 13))
    request.refresh_from_db()
    assert (request.state, request.closed_on) == (RequestState.UNCONFIRMED, D(2025, 11, 12))


def test_statistics_for_a_month_per_unit(routed, lead, enterprise, other_unit, units):
    on_time = routed(on=D(2025, 11, 3))
    services.request_contact(request=on_time, by=lead, note="联系", on=D(2025, 11, 4))
    services.resolution_propose(request=on_time, by=lead, resolution="办结", on=D(2025, 11, 7))
    services.request_confirm(request=on_time, by=enterprise, rating=5, on=D(2025, 11, 7))
    late = routed(on=D(2025, 11, 3))
    services.request_contact(request=late, by=lead, note="联系", on=D(2025, 11, 6))
    services.resolution_propose(request=late, by=lead, resolution="办结", on=D(2025, 11, 20))
    services.unconfirmed_close_sweep(today=D(2025, 11, 28))
    routed(on=D(2025, 11, 10), lead_unit="zigui")  # another unit
    routed(on=D(2025, 12, 1))  # another month

    rows = selectors.unit_statistics(start=D(2025, 11, 1), end=D(2025, 12, 1), today=D(2025, 12, 15))
    kaifaqu = next(r for r in rows if r["lead_unit"] == units["kaifaqu"].pk)

    assert len(rows) == 2
    assert kaifaqu["assigned"] == 2
    assert kaifaqu["contacted_on_time_pct"] == 50.0
    assert (kaifaqu["closed"], kaifaqu["closed_on_time_pct"]) == (2, 50.0)
    assert (kaifaqu["solved"], kaifaqu["unconfirmed"], kaifaqu["solved_pct"]) == (1, 1, 50.0)
    assert kaifaqu["satisfied_pct"] == 100.0
    assert kaifaqu["overdue"] == 1


def test_an_enterprise_sees_only_its_own_requests_and_a_unit_only_those_assigned_to_it(
    routed, file_request, enterprise, lead, other_unit
):
    mine = routed(on=D(2025, 11, 3))
    unassigned = file_request()
    other_project = factories.make_landed_project(investor_name="另一家公司")
    stranger = factories.make_enterprise(other_project)
    theirs = services.request_file(
        project=other_project, by=stranger, title="别人的诉求", category="land", description="..."
    )

    assert set(ServiceRequest.objects.for_user(enterprise)) == {mine, unassigned}
    assert set(ServiceRequest.objects.for_user(stranger)) == {theirs}
    assert set(ServiceRequest.objects.for_user(lead)) == {mine}
    assert set(ServiceRequest.objects.for_user(other_unit)) == set()
    with pytest.raises(PermissionDenied):
        services.request_file(
            project=other_project, by=enterprise, title="冒名", category="land", description="..."
        )


def test_the_cadre_and_the_deputy_see_the_requests_of_the_projects_they_serve(routed, project, units):
    from aftercare.models import ProjectDeputy

    cadre = factories.make_user("department_reviewer", "fagai")
    deputy = factories.make_user("department_reviewer", "fagai")
    project.service_cadre = cadre
    project.save()
    ProjectDeputy.objects.create(project=project, deputy=deputy)
    served = routed(on=D(2025, 11, 3))
    elsewhere = factories.make_landed_project(investor_name="另一家公司")
    ServiceRequest.objects.create(
        project=elsewhere, company_key=elsewhere.investor_key, title="别处", category="land",
        description="...", filed_by=elsewhere.service_cadre, filed_on=D(2025, 11, 3),
    )  # fmt: skip

    assert set(ServiceRequest.objects.for_user(cadre)) == {served}
    assert set(ServiceRequest.objects.for_user(deputy)) == {served}
    assert selectors.request_list(deputy).count() == 1


def test_bad_input_gets_chinese_messages_and_saves_nothing(project, enterprise):
    with pytest.raises(ValidationError) as caught:
        services.request_file(project=project, by=enterprise, title=" ", category="nope", description="")

    assert set(caught.value.message_dict) == {"title", "category", "description"}
    assert all(any("\u4e00" <= ch <= "\u9fff" for ch in m) for m in caught.value.messages)
    assert not ServiceRequest.objects.exists()


def test_a_request_cannot_block_a_milestone_the_project_has_already_reached(project, enterprise):
    """The project has started: a request may block its completion, not its start."""
    with pytest.raises(ValidationError) as caught:
        services.request_file(
            project=project, by=enterprise, title="开工受阻", category="land", description="……",
            blocks_milestone="started",
        )  # fmt: skip

    assert "已达到该节点" in caught.value.message_dict["blocks_milestone"][0]
    assert not ServiceRequest.objects.exists()
    services.request_file(
        project=project, by=enterprise, title="竣工验收受阻", category="permits", description="……",
        blocks_milestone="completed",
    )  # fmt: skip


def test_the_weekly_agenda_carries_every_units_figures_for_last_month_the_most_overdue_first(
    routed, lead, enterprise, other_unit
):
    late = routed(on=D(2025, 11, 3))  # never contacted
    on_time = routed(on=D(2025, 11, 3), lead_unit="zigui")
    services.request_contact(request=on_time, by=other_unit, note="已联系", on=D(2025, 11, 3))
    services.resolution_propose(request=on_time, by=other_unit, resolution="已办结", on=D(2025, 11, 4))
    services.request_confirm(request=on_time, by=enterprise, rating=5, on=D(2025, 11, 4))

    agenda = meeting_agenda(today=D(2025, 12, 8))
    section = next(s for s in agenda["sections"] if s["id"] == "aftercare-units")

    assert section["count"] == 2  # a unit with nothing overdue is shown too
    first, second = (item["title"] for item in section["items"])
    assert late.lead_unit.name in first and "逾期 1" in first
    assert on_time.lead_unit.name in second and "按时联系率 100.0%" in second
