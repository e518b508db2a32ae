"""The embedded database is set up for a web server and a worker beside it; PostgreSQL is left alone."""

import json
import sqlite3
import subprocess
import sys

import pytest
from django.db import connection, transaction

from tests.conftest import ROOT

from . import postgres_only, sqlite_only


def _database_settings(url):
    """DATABASES["default"] as the portal's settings build it from DATABASE_URL=`url`."""
    code = "import json; from xianju_invest import settings as s; print(json.dumps(s.DATABASES['default']))"
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "VAR_DIR": str(ROOT / "var")}
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout)


@sqlite_only
@pytest.mark.django_db
def test_every_connection_of_the_embedded_database_runs_wal_with_a_busy_timeout():
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone()[0] == "wal"
        cursor.execute("PRAGMA busy_timeout")
        assert cursor.fetchone()[0] >= 5000  # milliseconds a writer waits for the lock
        cursor.execute("PRAGMA synchronous")
        assert cursor.fetchone()[0] == 1  # NORMAL


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_transaction_takes_the_write_lock_at_once_so_writers_queue_at_begin():
    other = sqlite3.connect(connection.settings_dict["NAME"], timeout=0)
    try:
        with transaction.atomic():
            with pytest.raises(sqlite3.OperationalError, match="locked"):
                other.execute("BEGIN IMMEDIATE")
        other.execute("BEGIN IMMEDIATE")  # free again once the portal's transaction ends
        other.rollback()
    finally:
        other.close()


def test_postgresql_settings_carry_none_of_the_embedded_setup():
    pg = _database_settings("postgres://portal@db.example:5432/xianju")
    assert pg["ENGINE"] == "django.db.backends.postgresql"
    assert pg["OPTIONS"] == {"options": "-c jit=off"}  # the only PostgreSQL session option
    assert pg.get("TEST", {}).get("NAME") is None
    lite = _database_settings("sqlite:////srv/xianju/xianju.sqlite3")
    assert lite["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert lite["TEST"]["NAME"] == "/srv/xianju/test_xianju.sqlite3"


def test_postgresql_sessions_run_without_jit_and_keep_the_options_given_in_the_url():
    pg = _database_settings("postgres://portal@db.example:5432/xianju?options=-c%20statement_timeout%3D5000")
    assert pg["OPTIONS"]["options"] == "-c statement_timeout=5000 -c jit=off"


@postgres_only
@pytest.mark.django_db
def test_the_portals_postgresql_connection_has_jit_off():
    # The league table's queries cost more to compile than to run (docs/performance.md).
    with connection.cursor() as cursor:
        cursor.execute("SHOW jit")
        assert cursor.fetchone()[0] == "off"


@pytest.mark.django_db(transaction=True)
def test_the_rewards_job_shares_chunks_out_to_processes_only_where_writers_run_in_parallel():
    from django.conf import settings

    from incentives import due

    # Outside a transaction, several chunks: PostgreSQL takes up to the processes asked for, SQLite one.
    assert settings.DATABASE_PARALLEL_WRITERS is (connection.vendor == "postgresql")
    with transaction.atomic():
        assert due.job_processes(3, chunks=5) == 1  # an open transaction must see its own rows
    assert due.job_processes(3, chunks=5) == (1 if connection.vendor == "sqlite" else 3)
