"""The daily job's own speed-ups: several processes sharing the chunks, and its narrow insert."""

import datetime as dt
import inspect
from decimal import Decimal as D

import billiard
import pytest
from django.db import connection, connections
from django.db.models import Sum

from incentives import due
from incentives.models import Beneficiary, Installment, NewBeneficiary, NewInstallment
from incentives.services import policy_ensure_default
from tests import factories


@pytest.mark.parametrize(("narrow", "whole"), [(NewInstallment, Installment), (NewBeneficiary, Beneficiary)])
def test_the_narrow_inserts_map_columns_of_their_table_and_leave_the_rest_to_the_database(narrow, whole):
    columns = {f.column: f for f in whole._meta.concrete_fields}
    assert narrow._meta.db_table == whole._meta.db_table
    assert not narrow._meta.managed
    for field in narrow._meta.concrete_fields:
        assert field.column in columns, field.column
        assert field.null == columns[field.column].null, field.column
    for column, field in columns.items():
        if column not in {f.column for f in narrow._meta.concrete_fields}:
            assert field.null or field.has_db_default(), f"{column} would be NULL on a new row"
    # `row` builds positionally: its keywords are the columns in the order they are declared
    keywords = list(inspect.signature(narrow.row).parameters)
    assert keywords == [f.attname for f in narrow._meta.concrete_fields if not f.primary_key]


@pytest.mark.django_db(transaction=True)
def test_two_processes_sharing_the_chunks_create_each_installment_once():
    policy_ensure_default()  # a transactional test starts from empty tables
    staff = factories.make_user("promotion_staff")
    staff2 = factories.make_user("promotion_staff")
    projects = []
    for i in range(6):
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
    assert due.job_processes(2, chunks=3) == (2 if connection.vendor == "postgresql" else 1)  # SQLite: one
    # one project per chunk, two processes: six transactions in two other connections; run from
    # a daemonic pool process, as in a prefork Celery worker, which may still fork its own
    connections.close_all()
    with billiard.get_context("fork").Pool(1) as worker:
        assert worker.apply(_job_in_a_worker) == 18
    assert due.create_due(today=dt.date(2027, 1, 1), chunk=1, processes=2) == 0
    assert Installment.objects.count() == 18
    for project in projects:
        rows = Installment.objects.filter(project=project, reward="referral")
        assert rows.aggregate(total=Sum("gross"))["total"] == D("2000000.00")
        completion = rows.get(slot="completion")
        assert (completion.state, completion.reason, completion.voucher_no) == ("calculated", "", "")
        assert completion.created_at is not None
        assert "cap_tier" in [line["rule"] for line in completion.explanation()]


def _job_in_a_worker():
    return due.create_due(today=dt.date(2027, 1, 1), chunk=1, processes=2)


def test_one_process_inside_a_transaction_or_for_a_single_chunk(db):
    assert due.job_processes(4, chunks=1) == 1
    assert due.job_processes(4, chunks=10) == 1  # a test's transaction is open: its rows are unseen elsewhere
