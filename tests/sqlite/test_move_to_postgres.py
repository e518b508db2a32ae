"""The demo county moves from the embedded SQLite to PostgreSQL by the steps of docs/operations.md."""

import io
import json
import os
import subprocess
import sys
from urllib.parse import urlsplit

import psycopg2
import pytest
from django.core.management import call_command

from projects.models import Project
from tests.conftest import ROOT

from . import sqlite_only
from .snapshot import snapshot

# The dump of docs/operations.md ("Moving to PostgreSQL"): content types and permissions are made
# again by `migrate`, rows point at them (and at groups and users) by natural key; sessions stay behind.
DUMP_OPTIONS = {
    "natural_foreign": True,
    "natural_primary": True,
    "exclude": ["contenttypes", "auth.permission", "sessions"],
}


def _fresh_postgres_database():
    """A new, empty database beside the one $TEST_POSTGRES_URL names (this run's own)."""
    base = urlsplit(os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/xianju"))
    name = f"{base.path.lstrip('/')}_moved_{os.getpid()}"
    admin = psycopg2.connect(base._replace(path="/postgres").geturl())
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        # From template0, which nobody connects to: template1 may be in use by another run's creation.
        cur.execute(f'CREATE DATABASE "{name}" TEMPLATE template0')
    return admin, name, base._replace(path=f"/{name}").geturl()


def _manage(url, *args):
    env = dict(os.environ, DATABASE_URL=url, DJANGO_SETTINGS_MODULE="xianju_invest.settings")
    done = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr[-600:]
    return done.stdout


@sqlite_only
@pytest.mark.django_db(transaction=True)
def test_the_demo_county_survives_the_move_with_its_counts_and_audit_timeline(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    call_command("seed_demo", stdout=io.StringIO())
    before = snapshot()
    assert before["counts"]["projects.Project"] > 0 and before["timeline"]
    dump = tmp_path / "xianju.json"
    call_command("dumpdata", output=str(dump), verbosity=0, **DUMP_OPTIONS)

    admin, name, url = _fresh_postgres_database()
    try:
        _manage(url, "migrate", "--noinput", "-v", "0")
        _manage(url, "flush", "--noinput")  # the rows migrations seed come with the dump
        _manage(url, "loaddata", str(dump))
        shell = "from tests.sqlite.snapshot import main; main()"
        after = json.loads(_manage(url, "shell", "-c", shell).strip().splitlines()[-1])
        # Sequences follow the loaded rows: the next project saves with a new key.
        shell = "from tests import factories; print(factories.make_project().pk)"
        next_pk = int(_manage(url, "shell", "-c", shell).strip().splitlines()[-1])
    finally:
        with admin.cursor() as cur:
            cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()

    counts = {label: (n, after["counts"].get(label)) for label, n in before["counts"].items()}
    assert {label: pair for label, pair in counts.items() if pair[0] != pair[1]} == {}
    assert len(after["timeline"]) == len(before["timeline"])
    changed = [(b, a) for b, a in zip(before["timeline"], after["timeline"], strict=True) if a != b]
    assert changed[:3] == []
    assert next_pk > max(Project.objects.values_list("pk", flat=True))
