import types

import pytest

from notifications.deadlines import deadline_sources
from org.models import Unit
from reviews.deadlines import open_opinion_deadlines
from reviews.services import opinion_sign, review_participant_add
from tests import factories

from .conftest import sign_all

pytestmark = pytest.mark.django_db


def test_every_unsigned_opinion_of_an_open_round_is_a_deadline_with_its_escalation(
    open_round, signers, staff, units
):
    Unit.objects.filter(code="zigui").update(head=signers["zigui"])
    opinion_sign(opinion=open_round.opinions.get(unit__code="fagai"), by=signers["fagai"], verdict="agree")
    source = open_opinion_deadlines()
    assert isinstance(source, types.GeneratorType)
    deadlines = {d.key: d for d in source}
    assert len(deadlines) == 8
    zigui = open_round.opinions.get(unit__code="zigui")
    d = deadlines[f"review-opinion:{zigui.pk}"]
    assert d.due == zigui.due
    assert d.title == f"仙居县自然资源和规划局对《{open_round.project.name}》的预审意见"
    assert d.url == f"/reviews/opinions/{zigui.pk}/"
    assert d.escalation == ((signers["zigui"].pk,), (signers["zigui"].pk,), (staff.pk,))


def test_an_invited_expert_alone_hears_about_their_deadline(open_round, staff, units):
    expert = factories.make_user("expert", "experts")
    factories.make_user("expert", "experts")
    opinion = review_participant_add(round=open_round, unit=units["experts"], by=staff, invitee=expert)
    d = next(d for d in open_opinion_deadlines() if d.key == f"review-opinion:{opinion.pk}")
    assert d.escalation[0] == (expert.pk,)


def test_concluded_rounds_have_no_open_deadlines(open_round, signers):
    sign_all(open_round, signers)
    assert list(open_opinion_deadlines()) == []


def test_the_source_is_registered_for_the_reminder_sweep():
    assert deadline_sources()["reviews.opinions"] is open_opinion_deadlines


def test_the_reminder_sweep_reminds_then_escalates_each_opinion_once(project, staff, signers):
    import datetime as dt

    from notifications.models import Event
    from notifications.reminders import deadline_sweep
    from reviews.services import review_round_open

    round_ = review_round_open(project=project, by=staff, today=dt.date(2025, 9, 26))
    fagai = round_.opinions.get(unit__code="fagai")
    opinion_sign(opinion=round_.opinions.get(unit__code="jingxin"), by=signers["jingxin"], verdict="agree")

    deadline_sweep(today=dt.date(2025, 10, 9))
    deadline_sweep(today=dt.date(2025, 10, 9))
    reminder = Event.objects.get(key=f"deadline.reminder:review-opinion:{fagai.pk}:2025-10-10")
    assert list(reminder.recipients.all()) == [signers["fagai"]]
    # 8 fixed + the platform, one of them signed
    assert Event.objects.filter(key__startswith="deadline.reminder:review-opinion:").count() == 8

    deadline_sweep(today=dt.date(2025, 10, 13))
    deadline_sweep(today=dt.date(2025, 10, 13))
    overdue = Event.objects.get(key=f"deadline.overdue:review-opinion:{fagai.pk}:2025-10-10:0")
    assert list(overdue.recipients.all()) == [signers["fagai"]]
    jingxin = round_.opinions.get(unit__code="jingxin")
    assert not Event.objects.filter(key__contains=f"review-opinion:{jingxin.pk}:").exists()
