import datetime as dt
import hashlib
import hmac
import io
import json
import threading
import urllib.parse
from base64 import b64encode
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.utils import timezone

from notifications.enums import Channel, DeliveryStatus
from notifications.models import Delivery, Event, Notification, NotificationPreference
from notifications.services import (
    MAX_ATTEMPTS,
    deliveries_retry_due,
    event_emit,
    event_fan_out,
)
from tests import factories

pytestmark = pytest.mark.django_db
FAILING_MAIL = "tests.notifications.failing_mail.EmailBackend"


def person(email="a@example.cn", mobile=""):
    user = factories.make_user("promotion_staff")
    user.email, user.mobile = email, mobile
    user.save()
    return user


def reminder(key, *users):
    event, _ = event_emit(
        kind="deadline.reminder",
        key=key,
        payload={"title": "发改局的预审意见", "due": "2025-10-14", "workdays": 2, "url": "/reviews/1/"},
        recipients=users,
    )
    return event


def test_one_event_reaches_the_inbox_and_the_mailbox_once_however_often_dispatched(mailoutbox):
    user = person()
    event = reminder("r1", user)

    event_fan_out(event.pk)
    event_fan_out(event.pk)

    note = Notification.objects.get(user=user)
    assert note.title == "2025-10-14 到期：发改局的预审意见"
    assert "还有 2 个工作日" in note.body
    assert len(mailoutbox) == 1
    assert mailoutbox[0].subject == "2025-10-14 到期：发改局的预审意见"
    assert "http://127.0.0.1:8000/reviews/1/" in mailoutbox[0].body
    assert set(Delivery.objects.values_list("channel", "status")) == {
        (Channel.IN_APP, DeliveryStatus.SENT),
        (Channel.EMAIL, DeliveryStatus.SENT),
    }


def test_a_user_who_turned_email_off_gets_only_the_inbox(mailoutbox):
    user = person()
    NotificationPreference.objects.create(user=user, email=False)

    event_fan_out(reminder("r2", user).pk)

    assert Notification.objects.filter(user=user).count() == 1
    assert mailoutbox == []


def test_a_failing_channel_is_retried_with_backoff_and_never_blocks_the_inbox(settings):
    settings.EMAIL_BACKEND = FAILING_MAIL
    user = person()

    event_fan_out(reminder("r3", user).pk)

    assert Notification.objects.filter(user=user).count() == 1
    email = Delivery.objects.get(channel=Channel.EMAIL)
    assert email.status == DeliveryStatus.RETRYING
    assert email.attempts == 1
    assert "SMTP server unreachable" in email.last_error
    first_wait = email.next_attempt_at - timezone.now()
    assert dt.timedelta(seconds=50) < first_wait <= dt.timedelta(minutes=1)

    deliveries_retry_due(now=timezone.now() + dt.timedelta(minutes=2))
    email.refresh_from_db()
    assert email.attempts == 2
    assert email.next_attempt_at - timezone.now() > dt.timedelta(minutes=3)  # backoff grows


def test_a_channel_that_keeps_failing_is_shown_to_administrators_who_can_send_it_again(
    settings, client, mailoutbox
):
    settings.EMAIL_BACKEND = FAILING_MAIL
    user = person()
    event_fan_out(reminder("r4", user).pk)
    later = timezone.now()
    for _ in range(MAX_ATTEMPTS):
        later += dt.timedelta(days=1)
        deliveries_retry_due(now=later)
    email = Delivery.objects.get(channel=Channel.EMAIL)
    assert email.status == DeliveryStatus.FAILED
    assert email.attempts == MAX_ATTEMPTS

    admin = factories.make_user("administrator")
    client.force_login(admin)
    page = client.get("/notifications/jobs/").content.decode()
    assert "多次发送失败的投递" in page
    assert "SMTP server unreachable" in page

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(f"/notifications/deliveries/{email.pk}/retry/", follow=True)
    assert "该投递将在五分钟内重新发送" in response.content.decode()
    deliveries_retry_due()
    email.refresh_from_db()
    assert email.status == DeliveryStatus.SENT
    assert len(mailoutbox) == 1


def test_only_administrators_see_the_job_page(client, staff):
    client.force_login(staff)
    assert client.get("/notifications/jobs/").status_code == 403


class RobotServer:
    """A tiny DingTalk-like robot on 127.0.0.1 that checks the signature of each call."""

    def __init__(self, secret, answer=None):
        self.secret = secret
        self.answer = answer or {"errcode": 0, "errmsg": "ok"}
        self.calls = []
        robot = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                query = urllib.parse.parse_qs(urllib.parse.urlsplit(self.path).query)
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                timestamp = query["timestamp"][0]
                expected = b64encode(
                    hmac.new(
                        robot.secret.encode(), f"{timestamp}\n{robot.secret}".encode(), hashlib.sha256
                    ).digest()
                ).decode()
                signed = query["sign"][0] == expected
                robot.calls.append({"signed": signed, "body": body})
                answer = robot.answer if signed else {"errcode": 310000, "errmsg": "sign not match"}
                data = json.dumps(answer).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/robot/send?access_token=t0ken"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def test_the_group_robot_gets_one_signed_message_mentioning_who_opted_in(settings):
    with RobotServer("SEC-test-secret") as robot:
        settings.CHAT_WEBHOOK_URL = robot.url
        settings.CHAT_WEBHOOK_SECRET = "SEC-test-secret"
        mentioned = person(mobile="13800000001")
        quiet = person(mobile="13800000002")
        NotificationPreference.objects.create(user=quiet, chat=False)
        event = reminder("r5", mentioned, quiet)

        event_fan_out(event.pk)
        event_fan_out(event.pk)

    assert len(robot.calls) == 1
    call = robot.calls[0]
    assert call["signed"]
    assert call["body"]["msgtype"] == "text"
    assert "发改局的预审意见" in call["body"]["text"]["content"]
    assert call["body"]["at"]["atMobiles"] == ["13800000001"]
    assert Delivery.objects.get(channel=Channel.WEBHOOK).status == DeliveryStatus.SENT


def test_a_wrong_robot_secret_is_retried_and_the_inbox_still_gets_it(settings):
    with RobotServer("SEC-right") as robot:
        settings.CHAT_WEBHOOK_URL = robot.url
        settings.CHAT_WEBHOOK_SECRET = "SEC-wrong"
        user = person()
        event_fan_out(reminder("r6", user).pk)

    webhook = Delivery.objects.get(channel=Channel.WEBHOOK)
    assert webhook.status == DeliveryStatus.RETRYING
    assert "310000" in webhook.last_error
    assert Notification.objects.filter(user=user).exists()


def test_no_robot_message_when_no_webhook_is_configured(settings):
    settings.CHAT_WEBHOOK_URL = ""
    event_fan_out(reminder("r7", person()).pk)
    assert not Delivery.objects.filter(channel=Channel.WEBHOOK).exists()


def test_a_stale_recipient_id_does_not_break_the_save_that_emits(django_capture_on_commit_callbacks):
    user = person()
    gone = person()
    gone_id = gone.pk
    gone.delete()

    event = reminder("r8", user.pk, gone_id)

    assert list(event.recipients.values_list("pk", flat=True)) == [user.pk]


@pytest.fixture
def mail_readers(monkeypatch):
    """A test audience: the users whose e-mail ends in @readers.cn, whoever they are at dispatch."""
    from django.contrib.auth import get_user_model

    from notifications import audiences

    monkeypatch.setitem(
        audiences._AUDIENCES,
        "test.readers",
        lambda: get_user_model().objects.filter(email__endswith="@readers.cn"),
    )
    return "test.readers"


def test_an_audience_is_resolved_when_the_event_is_dispatched_and_told_once(mail_readers, mailoutbox):
    early = person("early@readers.cn")
    named = person("named@example.cn")
    event, _ = event_emit(
        kind="deadline.reminder",
        key="aud1",
        payload={"title": "听众", "due": "2025-10-14", "workdays": 2, "url": "/reviews/1/"},
        recipients=[named],
        audience=mail_readers,
    )
    late = person("late@readers.cn")  # joins between the emission and the dispatch
    idle = person("idle@readers.cn")
    idle.is_active = False
    idle.save()
    assert list(event.recipients.all()) == [named]  # nothing resolved in the emitting request

    event_fan_out(event.pk)
    event_fan_out(event.pk)
    person("after@readers.cn")  # joins after the dispatch: this event is not theirs
    event_fan_out(event.pk)

    told = set(Notification.objects.filter(event=event).values_list("user__email", flat=True))
    assert told == {early.email, named.email, late.email}
    assert sorted(m.to[0] for m in mailoutbox) == sorted(told)
    assert set(event.recipients.all()) == {early, named, late}


def test_an_unknown_audience_is_refused_when_the_event_is_emitted():
    with pytest.raises(ValueError):
        event_emit(kind="deadline.reminder", key="aud2", audience="nobody.registered")
    assert not Event.objects.filter(key="aud2").exists()


def test_the_demo_fills_the_inboxes_and_records_the_policy_as_data():
    from django.core.management import call_command

    from notifications.models import ReminderPolicy

    call_command("seed_demo", stdout=io.StringIO())

    assert ReminderPolicy.objects.filter(reminder_workdays=2).exists()
    assert Notification.objects.filter(user__username="staff").exists()
    assert Notification.objects.filter(event__kind="digest.weekly", user__username="leader").exists()
