"""Two identical reports in the same instant: exactly one is first, enforced by PostgreSQL."""

import threading

import pytest
from django.db import connection

from referrals import services
from referrals.enums import ReferralStatus
from referrals.models import Referral
from referrals.services import submission

from .conftest import credit_code, referral_data

THREADS = 6


def race(payloads):
    """Submit every payload from its own thread and connection, all released at once."""
    barrier = threading.Barrier(len(payloads))
    errors = []

    def run(data):
        try:
            barrier.wait(timeout=10)
            services.referral_submit(data=data)
        except Exception as exc:  # collected and reported by the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(p,)) for p in payloads]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(5))
def test_identical_reports_at_once_make_exactly_one_first(round_):
    name = f"上海同时科技有限公司{round_}"
    race([referral_data(company_name=name) for _ in range(THREADS)])
    reports = Referral.objects.filter(company_name=name)
    assert reports.count() == THREADS
    assert reports.filter(is_first=True).count() == 1
    assert reports.filter(status=ReferralStatus.DUPLICATE).count() == THREADS - 1


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(3))
def test_the_database_decides_even_when_every_check_saw_no_earlier_report(round_, monkeypatch):
    # Every thread's look-up says "nobody reported this yet": only the constraint stands between them.
    monkeypatch.setattr(submission, "company_known", lambda **kwargs: False)
    code = credit_code()
    payloads = [
        referral_data(company_name=f"名字各不相同的公司{round_}-{i}", company_credit_code=code)
        for i in range(THREADS)
    ]
    race(payloads)
    reports = Referral.objects.filter(company_code_key=code)
    assert reports.count() == THREADS
    assert reports.filter(is_first=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_name_variants_racing_each_other_make_one_first(monkeypatch):
    monkeypatch.setattr(submission, "company_known", lambda **kwargs: False)
    variants = ["温州同名电气有限公司", "温州同名电气", " 温州 同名电气 ", "温州同名电气股份有限公司"]
    race([referral_data(company_name=v) for v in variants])
    assert Referral.objects.filter(is_first=True).count() == 1
    assert Referral.objects.count() == len(variants)
