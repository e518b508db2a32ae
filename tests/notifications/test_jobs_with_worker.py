"""Jobs through a real Celery worker on Redis, against the test database."""

import datetime as dt
import os
import signal

import pytest
import redis
from django.db import transaction

from notifications.enums import Channel, DeliveryStatus, EventKind, RunOutcome
from notifications.models import Delivery, Event, JobRun, Notification
from notifications.reminders import deadline_sweep
from notifications.services import event_emit
from notifications.tasks import deadline_reminders, outbox_sweep
from projects.enums import ProjectState
from tests import factories
from tests.notifications.conftest import wait_for
from xianju_invest.celery import app

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# Saturday 11 Oct 2025 is a make-up working day; projects due Tuesday 14 Oct get reminded on it.
TODAY = "2025-10-11"
DUE = dt.date(2025, 10, 14)


def projects_due(n):
    cadres = []
    for i in range(n):
        cadre = factories.make_user("promotion_staff", username=f"cadre{i}")
        cadre.email = f"cadre{i}@example.cn"
        cadre.save()
        factories.make_project(state=ProjectState.SIGNED, deadline=DUE, service_cadre=cadre)
        cadres.append(cadre)
    return cadres


def all_delivered(n):
    """n in-app and n email deliveries sent"""
    sent = Delivery.objects.filter(status=DeliveryStatus.SENT)
    return (
        sent.filter(channel=Channel.IN_APP).count() == n and sent.filter(channel=Channel.EMAIL).count() == n
    )


def assert_each_reminded_once(cadres):
    reminders = Event.objects.filter(kind=EventKind.DEADLINE_REMINDER)
    assert reminders.count() == len(cadres)
    for cadre in cadres:
        assert Notification.objects.filter(user=cadre).count() == 1
        assert (
            Delivery.objects.filter(
                recipient=cadre, channel=Channel.EMAIL, status=DeliveryStatus.SENT
            ).count()
            == 1
        )


def test_the_reminder_job_run_twice_at_once_sends_each_reminder_once(celery_worker):
    cadres = projects_due(12)

    running = deadline_reminders.apply_async(kwargs={"today": TODAY, "chunk_size": 3, "pause": 0.2})
    deadline_sweep(today=dt.date(2025, 10, 11), chunk_size=3)  # the same job, here, meanwhile
    again = deadline_reminders.apply_async(kwargs={"today": TODAY})
    running.get(timeout=60)
    again.get(timeout=60)
    wait_for(lambda: all_delivered(12))
    outbox_sweep.delay().get(timeout=60)

    assert_each_reminded_once(cadres)
    runs = JobRun.objects.filter(job="notifications.tasks.deadline_reminders")
    assert list(runs.values_list("outcome", flat=True)) == [RunOutcome.SUCCESS, RunOutcome.SUCCESS]


@pytest.fixture
def forget_unacked():
    """Drop the killed task's unacknowledged message from Redis afterwards, so Redis does not hand
    it to a later test's worker once its visibility timeout has passed."""
    ids = []
    yield ids
    client = redis.Redis.from_url(os.environ["REDIS_URL"])
    for tag, raw in client.hgetall("unacked").items():
        if any(task_id.encode() in raw for task_id in ids):
            client.hdel("unacked", tag)
            client.zrem("unacked_index", tag)


def test_a_worker_killed_in_the_middle_of_the_job_loses_and_doubles_nothing(
    celery_worker, more_workers, forget_unacked
):
    cadres = projects_due(16)

    killed = deadline_reminders.apply_async(kwargs={"today": TODAY, "chunk_size": 2, "pause": 0.5})
    forget_unacked.append(killed.id)
    wait_for(lambda: Event.objects.count() >= 4)
    os.killpg(celery_worker.pid, signal.SIGKILL)
    celery_worker.wait()
    partial = Event.objects.count()
    assert 0 < partial < 16

    more_workers()
    deadline_reminders.apply_async(kwargs={"today": TODAY}).get(timeout=90)
    wait_for(lambda: all_delivered(16))
    outbox_sweep.delay().get(timeout=60)

    assert_each_reminded_once(cadres)
    outcomes = set(JobRun.objects.values_list("outcome", flat=True))
    assert outcomes == {RunOutcome.RUNNING, RunOutcome.SUCCESS}  # the killed run never finished


@pytest.fixture
def broker_down():
    """Point this process's Celery app at a closed port (the shared Redis keeps running)."""
    saved = app.conf.broker_url

    def switch(url):
        app.conf.broker_url = url
        app._pool = None
        app.amqp._producer_pool = None

    switch("redis://127.0.0.1:1/0")
    yield lambda: switch(saved)
    switch(saved)


def test_a_save_while_the_broker_is_down_succeeds_and_is_delivered_once_it_is_back(
    celery_worker, broker_down
):
    user = factories.make_user("promotion_staff")
    project = factories.make_project()

    with transaction.atomic():
        project.name = "改名后的项目"
        project.save()
        event_emit(
            kind="project.renamed",
            key=f"project.renamed:{project.pk}",
            payload={"title": "项目已改名", "url": f"/projects/{project.pk}/"},
            recipients=[user],
        )

    project.refresh_from_db()
    assert project.name == "改名后的项目"
    event = Event.objects.get(key=f"project.renamed:{project.pk}")
    assert event.dispatched_at is None
    assert not Notification.objects.exists()

    broker_down()  # the broker is back
    outbox_sweep.delay().get(timeout=60)
    outbox_sweep.delay().get(timeout=60)
    wait_for(lambda: Notification.objects.filter(user=user).exists())
    outbox_sweep.delay().get(timeout=60)

    assert Notification.objects.filter(user=user).count() == 1
    assert Notification.objects.get(user=user).title == "项目已改名"


def test_every_scheduled_job_runs_in_a_real_worker_and_its_run_is_recorded(celery_worker):
    from django.core.management import call_command

    from incentives.services import policy_ensure_default as reward_policy
    from scoring.services import policy_ensure_default as scoring_policy
    from xianju_invest.schedule import JOBS

    # The county's default policies, as its migrations seed them (a transactional test flushed them).
    reward_policy()
    scoring_policy()
    projects_due(2)
    call_command("setup_schedule", "--run-now")

    tasks = {task for task, _ in JOBS.values()}
    wait_for(
        lambda: set(JobRun.objects.filter(outcome=RunOutcome.SUCCESS).values_list("job", flat=True)) == tasks
    )
    assert not JobRun.objects.filter(outcome=RunOutcome.FAILURE).exists()
    assert Event.objects.filter(kind=EventKind.WEEKLY_DIGEST).count() == 1


def test_escalation_through_the_worker_reaches_the_cadre_then_the_unit_head_then_the_centre(celery_worker):
    from notifications.tasks import overdue_escalation

    units = factories.units()
    cadre = factories.make_user("promotion_staff", username="cadre")
    units["kaifaqu"].head = factories.make_user("platform_reviewer", "kaifaqu", username="zone-head")
    units["kaifaqu"].save()
    units["touchu"].head = factories.make_user("promotion_staff", username="centre-head")
    units["touchu"].save()
    factories.make_project(
        name="逾期项目", state=ProjectState.SIGNED, deadline=dt.date(2025, 10, 9), service_cadre=cadre
    )

    def told():
        return dict(Notification.objects.values_list("user__username", "event__payload__level"))

    # Due Thursday 9 Oct 2025; one level per 2 working days (Saturday 11 Oct is a working day).
    for day, expected in [
        ("2025-10-10", {"cadre": 0}),
        ("2025-10-11", {"cadre": 0}),
        ("2025-10-13", {"cadre": 0, "zone-head": 1}),
        ("2025-10-15", {"cadre": 0, "zone-head": 1, "centre-head": 2}),
        ("2025-10-16", {"cadre": 0, "zone-head": 1, "centre-head": 2}),
    ]:
        overdue_escalation.apply_async(kwargs={"today": day}).get(timeout=60)
        wait_for(lambda expected=expected: told() == expected)
        assert told() == expected, day
