"""The reminder sweep over the pre-review opinions source registered by `reviews`."""

import datetime as dt

import pytest

from notifications.deadlines import deadline_sources, iter_open_deadlines
from notifications.enums import EventKind
from notifications.models import Event, Notification
from notifications.reminders import deadline_sweep
from notifications.services import event_fan_out
from reviews.services import opinion_sign, review_round_open
from tests import factories

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def review_round(staff):
    units = factories.units()
    people = {
        "staff": staff,
        "reviewer": factories.make_user("department_reviewer", "fagai", username="rev-fagai"),
    }
    people["head"] = factories.make_user("department_reviewer", "fagai", username="head-fagai")
    units["fagai"].head = people["head"]
    units["fagai"].save()
    project = factories.make_project(name="新能源汽车零部件项目", state="pre_review")
    round_ = review_round_open(project=project, by=staff, due=D(2025, 10, 14), today=D(2025, 10, 1))
    return round_, people


def recipients(kind, **payload):
    found = {}
    for event in Event.objects.filter(kind=kind):
        if event.payload["deadline"].startswith("review-opinion:") and all(
            event.payload.get(k) == v for k, v in payload.items()
        ):
            found[event.payload["deadline"]] = set(event.recipients.values_list("username", flat=True))
    return found


def test_reviews_register_their_opinion_deadlines():
    assert "reviews.opinions" in deadline_sources()


def test_each_department_is_reminded_and_escalated_to_its_head_then_the_convener(review_round):
    round_, people = review_round
    fagai = round_.opinions.get(unit__code="fagai")
    key = f"review-opinion:{fagai.pk}"

    deadline_sweep(today=D(2025, 10, 11))
    assert recipients(EventKind.DEADLINE_REMINDER)[key] == {"rev-fagai", "head-fagai"}

    deadline_sweep(today=D(2025, 10, 15))
    deadline_sweep(today=D(2025, 10, 17))
    deadline_sweep(today=D(2025, 10, 21))
    assert recipients(EventKind.DEADLINE_OVERDUE, level=0)[key] == {"rev-fagai", "head-fagai"}
    assert recipients(EventKind.DEADLINE_OVERDUE, level=1)[key] == {"head-fagai"}
    assert recipients(EventKind.DEADLINE_OVERDUE, level=2)[key] == {people["staff"].username}

    event = Event.objects.get(key=f"deadline.overdue:{key}:2025-10-14:1")
    event_fan_out(event.pk)
    note = Notification.objects.get(event=event)
    assert note.title.startswith("逾期：")
    assert "新能源汽车零部件项目" in note.title
    assert "提级至您（第 1 级督办）" in note.body


def test_a_signed_opinion_is_no_longer_chased(review_round):
    round_, people = review_round
    fagai = round_.opinions.get(unit__code="fagai")
    opinion_sign(opinion=fagai, by=people["reviewer"], verdict="agree")

    assert f"review-opinion:{fagai.pk}" not in {d.key for d in iter_open_deadlines()}
    deadline_sweep(today=D(2025, 10, 15))
    assert f"review-opinion:{fagai.pk}" not in recipients(EventKind.DEADLINE_OVERDUE)


def test_the_round_opened_event_reads_in_chinese(review_round):
    _, people = review_round
    event = Event.objects.filter(kind="review.round_opened").first()
    event_fan_out(event.pk)

    note = Notification.objects.get(event=event, user=people["reviewer"])
    assert note.title == "“新能源汽车零部件项目”的“8+X”预审已开启"
    assert note.body == "请于 2025-10-14 前在线签署本单位预审意见。"
    assert note.url == "/reviews/"
