"""backup_db: a consistent copy of the embedded database while people keep writing."""

import sqlite3
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from projects.models import Project
from tests import factories

from . import postgres_only, sqlite_only


def _wait_for(condition, seconds=30):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline
        time.sleep(0.01)


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_a_copy_taken_while_projects_are_being_saved_opens_and_holds_the_rows(tmp_path):
    factories.units()
    for _ in range(20):
        factories.make_project()
    stop, errors, written = threading.Event(), [], []

    def keep_writing():
        try:
            while not stop.is_set():
                written.append(factories.make_project().pk)
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        _wait_for(lambda: len(written) >= 3)
        before = set(Project.objects.values_list("name", flat=True))
        call_command("backup_db", str(tmp_path / "copy.sqlite3"))
        during = len(written)
        _wait_for(lambda: len(written) >= during + 3)  # and the writer goes on after the copy
    finally:
        stop.set()
        writer.join(timeout=60)
    assert errors == []
    after = set(Project.objects.values_list("name", flat=True))

    copy = sqlite3.connect(tmp_path / "copy.sqlite3")
    try:
        assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        copied = {row[0] for row in copy.execute(f"SELECT name FROM {Project._meta.db_table}")}  # noqa: S608
    finally:
        copy.close()
    assert before <= copied < after  # all that was saved before, and nothing half-saved
    assert not (tmp_path / "copy.sqlite3.partial").exists()


@sqlite_only
@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(tmp_path):
    (tmp_path / "old.sqlite3").write_bytes(b"yesterday")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup_db", str(tmp_path / "old.sqlite3"))
    assert (tmp_path / "old.sqlite3").read_bytes() == b"yesterday"


@postgres_only
@pytest.mark.django_db
def test_on_postgresql_the_command_refuses_and_points_to_pg_dump(tmp_path):
    with pytest.raises(CommandError, match="pg_dump"):
        call_command("backup_db", str(tmp_path / "copy.sqlite3"))
    assert not (tmp_path / "copy.sqlite3").exists()
