import datetime as dt

import pytest
from django.core.management import call_command
from django_celery_beat.models import PeriodicTask

from notifications.deadlines import Deadline
from notifications.digests import status_lights_sweep, weekly_digest_send
from notifications.enums import EventKind
from notifications.models import Event, JobRun, Notification, NotificationPreference
from notifications.services import event_emit, event_fan_out
from projects.enums import ProjectState
from tests import factories
from tests.conftest import login
from xianju_invest.schedule import JOBS

pytestmark = pytest.mark.django_db


def notify(user, n):
    for i in range(n):
        event, _ = event_emit(
            kind="test.note",
            key=f"note:{user.pk}:{i}",
            payload={"title": f"第{i}条消息", "url": "/"},
            recipients=[user],
        )
        event_fan_out(event.pk)


def test_the_navigation_shows_the_unread_count_and_the_inbox_lists_them(
    client, staff, django_assert_max_num_queries
):
    notify(staff, 12)
    client.force_login(staff)

    with django_assert_max_num_queries(15):
        page = client.get("/notifications/").content.decode()

    assert "我的消息" in page
    assert 'hx-get="/notifications/badge/" hx-trigger="load, every 60s"' in page
    assert "第11条消息" in page
    assert page.count("标为已读") == 12 + 1  # each item, plus "mark all as read"
    with django_assert_max_num_queries(3):
        badge = client.get("/notifications/badge/").content.decode()
    assert 'id="unread-count" class="badge bg-danger" hx-get="/notifications/badge/"' in badge
    assert ">12</span>" in badge


def test_the_badge_answers_nothing_to_a_visitor_who_is_not_signed_in(client):
    response = client.get("/notifications/badge/")
    assert response.status_code == 204
    assert response.content == b""


def test_marking_one_as_read_with_htmx_swaps_the_item_and_the_count(client, staff):
    notify(staff, 2)
    note = Notification.objects.filter(user=staff).first()
    client.force_login(staff)

    response = client.post(f"/notifications/{note.pk}/read/", HTTP_HX_REQUEST="true")

    html = response.content.decode()
    assert f'id="notification-{note.pk}"' in html
    assert "已读" in html
    assert 'id="unread-count" class="badge bg-danger" hx-swap-oob="true"' in html
    assert ">1</span>" in html
    note.refresh_from_db()
    assert note.read_at is not None


def test_mark_all_as_read_and_nobody_reads_someone_elses(client, staff):
    other = factories.make_user("promotion_staff")
    notify(staff, 3)
    notify(other, 1)
    client.force_login(staff)

    theirs = Notification.objects.get(user=other)
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    client.post("/notifications/read/")

    assert not Notification.objects.filter(user=staff, read_at__isnull=True).exists()
    assert Notification.objects.get(user=other).read_at is None
    assert 'class="badge bg-danger d-none"' in client.get("/notifications/badge/").content.decode()


def test_a_user_turns_email_off_on_the_inbox_page(client, staff):
    client.force_login(staff)
    response = client.post("/notifications/", {"chat": "on"}, follow=True)
    assert "通知设置已保存" in response.content.decode()
    pref = NotificationPreference.objects.get(user=staff)
    assert (pref.email, pref.chat) == (False, True)


def test_a_project_turning_red_is_told_once(sources):
    cadre = factories.make_user("promotion_staff")
    project = factories.make_project(
        name="红灯项目", state=ProjectState.SIGNED, deadline=dt.date(2025, 10, 9), service_cadre=cadre
    )
    factories.make_project(state=ProjectState.SIGNED, deadline=dt.date(2025, 12, 1))

    status_lights_sweep(today=dt.date(2025, 10, 10))
    status_lights_sweep(today=dt.date(2025, 10, 13))

    event = Event.objects.get(kind=EventKind.PROJECT_RED)
    assert event.key == f"project.turned_red:{project.pk}:2025-10-09"
    assert list(event.recipients.all()) == [cadre]
    event_fan_out(event.pk)
    assert Notification.objects.get(user=cadre).title == "红灯预警：红灯项目"


def test_the_weekly_digest_goes_to_the_centre_once_a_week_as_page_and_email(client, sources, mailoutbox):
    staff = factories.make_user("promotion_staff")
    staff.email = "staff@example.cn"
    staff.save()
    reviewer = factories.make_user("department_reviewer", "fagai")
    factories.make_project(name="新线索项目", state=ProjectState.LEAD)
    sources["reviews.opinions"] = lambda: [
        Deadline(
            key="review-opinion:1",
            due=dt.date(2099, 1, 5),
            title="发改局的预审意见",
            url="/r/1/",
            escalation=((reviewer.pk,), (), ()),
        )
    ]
    sources["test"] = lambda: [
        Deadline(
            key=f"x:{n}",
            due=dt.date(2020, 1, 6) + dt.timedelta(days=n),
            title=f"逾期的事项{n}",
            url="/x/",
            escalation=((), (), ()),
        )
        for n in range(60, 0, -1)
    ]
    today = dt.date.today()

    first = weekly_digest_send(today=today)
    again = weekly_digest_send(today=today)

    assert first["sent"] and not again["sent"]
    event = Event.objects.get(kind=EventKind.WEEKLY_DIGEST)
    assert list(event.recipients.all()) == [staff]  # the reviewer is not in the centre's audience
    event_fan_out(event.pk)
    assert len(mailoutbox) == 1
    body = mailoutbox[0].body
    assert mailoutbox[0].subject.startswith("每周简报和例会议程")
    for text in (
        "新增线索 (1)",
        "新线索项目",
        "待办预审 (1)",
        "发改局的预审意见",
        "逾期事项 (60)",
        "逾期的事项1 · 2020-01-07",
    ):
        assert text in body

    client.force_login(staff)
    page = client.get("/notifications/agenda/").content.decode()
    assert "例会议程" in page
    assert "新线索项目" in page and "发改局的预审意见" in page
    assert "逾期的事项1<" in page and "逾期的事项50<" in page and "逾期的事项51<" not in page  # the oldest 50
    assert "仅显示前 50 项" in page


def test_the_agenda_is_for_staff_and_leaders_only(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/notifications/agenda/").status_code == 403


def test_setup_schedule_writes_every_job_and_the_page_shows_runs(client):
    call_command("setup_schedule")
    call_command("setup_schedule")
    assert set(PeriodicTask.objects.values_list("name", flat=True)) == set(JOBS)
    JobRun.objects.create(
        job="notifications.tasks.deadline_reminders", outcome="success", summary={"reminders": 3}
    )

    admin = factories.make_user("administrator")
    client.force_login(admin)
    page = client.get("/notifications/jobs/").content.decode()

    assert "定时任务" in page
    assert "deadline-reminders" in page and "weekly-digest" in page
    assert "reminders: 3" in page
    assert "成功" in page


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_on_a_phone_a_user_reads_a_notification_in_place(phone_page, live_server):
    user = factories.make_user("promotion_staff", username="reader")
    notify(user, 2)
    login(phone_page, live_server, "reader")

    phone_page.goto(f"{live_server.url}/notifications/")
    phone_page.locator("#notifications li").first.get_by_role("button", name="标为已读").click()
    phone_page.wait_for_selector("#notifications li >> text=已读")

    assert Notification.objects.filter(user=user, read_at__isnull=False).count() == 1
    assert phone_page.locator("#notifications li").count() == 2


def test_a_failing_job_is_recorded_with_its_error_for_administrators(client):
    from notifications.tasks import status_lights

    result = status_lights.apply(kwargs={"today": "not-a-date"})

    assert result.failed()
    run = JobRun.objects.get(job="notifications.tasks.status_lights")
    assert run.outcome == "failure" and "ValueError" in run.error
    client.force_login(factories.make_user("administrator"))
    page = client.get("/notifications/jobs/").content.decode()
    assert "table-danger" in page and "ValueError" in page


def test_the_navigation_offers_the_agenda_to_staff_and_the_jobs_to_administrators(client, staff, reviewer):
    client.force_login(staff)
    page = client.get("/notifications/").content.decode()
    assert 'href="/notifications/agenda/">例会议程' in page
    assert "/notifications/jobs/" not in page

    client.force_login(factories.make_user("administrator"))
    assert 'href="/notifications/jobs/">定时任务' in client.get("/notifications/").content.decode()

    client.force_login(reviewer)
    page = client.get("/notifications/").content.decode()
    assert "/notifications/agenda/" not in page and "/notifications/jobs/" not in page
