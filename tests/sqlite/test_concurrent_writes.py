"""Many people writing at once while the Celery worker writes to the same database file.

On the embedded SQLite with its defaults (rollback journal, deferred transactions) this answered
HTTP 500 "database is locked" to most public reports; set up for a server with a worker beside it
(xianju_invest/settings.py), writers queue for the lock instead. Runs on PostgreSQL alike.
"""

import http.client
import json
import threading
import time
from urllib.parse import urlsplit

import pytest
from django.db import connection

from audit.models import AuditEntry
from notifications.models import Event
from org.demo_units import FIXED_REVIEWERS
from referrals.models import Referral
from reviews.models import ReviewOpinion, ReviewRound
from reviews.services import opinion_sign, review_round_open
from tests import factories

CLIENTS = 8  # concurrent public reporters, as in issue 17
REPORTS = 12  # reports per reporter, each from its own address (no rate limit, no captcha)
ROUNDS = 3  # review rounds whose nine departments all sign at the same time as the reports


def _report(i, client):
    return {
        "referrer_kind": "individual",
        "referrer_name": "王小明",
        "referrer_mobile": "13812345678",
        "declared_not_official": True,
        "declared_not_investor": True,
        "privacy_consent": True,
        "company_name": f"并发写入科技有限公司{client}-{i}",
        "industry": "medical_devices",
        "intended_investment": "50000000.00",
        "description": "计划在仙居投资建设生产基地。",
    }


def _submit_reports(base_url, client, barrier, answers):
    """One reporter: REPORTS posts to the public API, each from a loopback address of its own."""
    host, port = urlsplit(base_url).hostname, urlsplit(base_url).port
    barrier.wait(timeout=60)
    for i in range(REPORTS):
        body = _report(i, client)
        conn = http.client.HTTPConnection(
            host, port, timeout=120, source_address=(f"127.0.{client + 1}.{i + 1}", 0)
        )
        try:
            conn.request(
                "POST",
                "/api/public/referrals/",
                body=json.dumps(body, ensure_ascii=False).encode(),
                headers={"Content-Type": "application/json", "Accept-Language": "zh-hans"},
            )
            response = conn.getresponse()
            answers.append((body["company_name"], response.status, response.read()[:300]))
        finally:
            conn.close()


def _sign_opinions(opinion_ids, signer, barrier, errors):
    """One department signs its opinion in every round, through the service, on its own connection."""
    try:
        barrier.wait(timeout=60)
        for pk in opinion_ids:
            opinion_sign(opinion=ReviewOpinion.objects.get(pk=pk), by=signer, verdict="agree")
    except Exception as exc:  # reported by the test with the others
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.worker
def test_reports_and_signatures_at_once_beside_the_worker_all_land_once(live_server, celery_worker):
    units = factories.units()
    staff = factories.make_user("promotion_staff", "touchu")
    factories.make_user("promotion_staff", "touchu")  # a second triage recipient per report
    codes = [code for code, _name, _short in FIXED_REVIEWERS]
    signers = {code: factories.make_user("department_reviewer", code) for code in codes}
    signers["kaifaqu"] = factories.make_user("platform_reviewer", "kaifaqu")
    rounds = [
        review_round_open(
            project=factories.make_project(state="pre_review"), by=staff, extra_units=[units["kaifaqu"]]
        )
        for _ in range(ROUNDS)
    ]
    by_unit = {}
    for opinion in ReviewOpinion.objects.filter(round__in=rounds).select_related("unit"):
        by_unit.setdefault(opinion.unit.code, []).append(opinion.pk)
    assert len(by_unit) == 9

    barrier = threading.Barrier(CLIENTS + len(by_unit))
    answers, errors = [], []
    threads = [
        threading.Thread(target=_submit_reports, args=(live_server.url, c, barrier, answers))
        for c in range(CLIENTS)
    ] + [
        threading.Thread(target=_sign_opinions, args=(ids, signers[code], barrier, errors))
        for code, ids in by_unit.items()
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    assert not any(t.is_alive() for t in threads)

    assert errors == []
    assert len(answers) == CLIENTS * REPORTS
    failed = [(status, body) for _name, status, body in answers if not 200 <= status < 500]
    assert failed == []
    accepted = sorted(name for name, status, _body in answers if status == 201)
    assert accepted, answers[:3]
    stored = sorted(
        Referral.objects.filter(company_name__startswith="并发写入").values_list("company_name", flat=True)
    )
    assert stored == accepted  # every accepted report is stored, none twice, nothing else

    assert ReviewRound.objects.filter(pk__in=[r.pk for r in rounds], state="concluded").count() == ROUNDS
    assert ReviewOpinion.objects.filter(round__in=rounds, verdict="agree", version=1).count() == 9 * ROUNDS
    signed = AuditEntry.objects.filter(action="review.opinion_signed")
    assert signed.count() == 9 * ROUNDS
    concluded = AuditEntry.objects.filter(action="review.round_concluded")
    assert sorted(concluded.values_list("object_id", flat=True)) == sorted(r.pk for r in rounds)

    # The worker, writing to the same database all along, dispatches every event these writes queued.
    deadline = time.monotonic() + 120
    while Event.objects.filter(dispatched_at__isnull=True).exists() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert Event.objects.filter(dispatched_at__isnull=True).count() == 0
    assert Event.objects.filter(kind__startswith="referral.").count() >= len(accepted)
