"""The daily rewards job through two real Celery workers at once: each installment exists once."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db.models import Sum

from incentives.models import Installment
from incentives.services import policy_ensure_default
from incentives.tasks import rewards_due
from notifications.enums import RunOutcome
from notifications.models import JobRun
from tests import factories
from tests.conftest import start_worker, stop_worker

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def test_two_workers_running_the_job_at_once_create_each_installment_once(celery_worker):
    policy_ensure_default()  # a transactional test starts from empty tables
    staff = factories.make_user("promotion_staff")
    staff2 = factories.make_user("promotion_staff")
    projects = []
    for i in range(12):
        project = factories.make_rewarded_project(
            entered_by=staff,
            verified_by=staff2,
            completion=dt.date(2025, 6, 1),
            production=dt.date(2025, 9, 10),
            capacity=dt.date(2026, 3, 1),
            investor_name=f"外地投资集团{i}",
        )
        factories.make_confirmed_referral(project)
        projects.append(project)
    second = start_worker("second")
    try:
        # small chunks, so the two runs interleave over the same projects
        runs = [rewards_due.apply_async(kwargs={"today": "2027-01-01", "chunk_size": 2}) for _ in range(2)]
        created = [run.get(timeout=120)["created"] for run in runs]
    finally:
        stop_worker(second)
    # per project: completion, capacity (trimmed to 0) and the investment reward
    assert sum(created) == 36
    assert Installment.objects.count() == 36
    for project in projects:
        rows = Installment.objects.filter(project=project, reward="referral")
        assert rows.aggregate(total=Sum("gross"))["total"] == D("2000000.00")
    outcomes = list(
        JobRun.objects.filter(job="incentives.tasks.rewards_due").values_list("outcome", flat=True)
    )
    assert outcomes == [RunOutcome.SUCCESS, RunOutcome.SUCCESS]
