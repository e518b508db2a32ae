import os
import signal
import subprocess
import sys
import time

import pytest

from notifications import deadlines


@pytest.fixture
def sources(monkeypatch):
    """An empty deadline-source registry for the test; register test sources into it."""
    registry = {}
    monkeypatch.setattr(deadlines, "_SOURCES", registry)
    return registry


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Local working-day adjustments are cached; each test starts from its own database rows."""
    from workdays.services import adjustments_changed

    adjustments_changed()
    yield
    adjustments_changed()


@pytest.fixture
def more_workers(celery_worker):
    """Start further real workers (like `celery_worker`) within one test, e.g. after killing one."""
    from tests.conftest import ROOT, _database_url

    started = []

    def start():
        env = dict(os.environ, DATABASE_URL=_database_url())
        proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "xianju_invest",
                "worker",
                "--pool=solo",
                "--loglevel=WARNING",
            ]
            + ["-Q", env["CELERY_QUEUE"], "-n", f"more-{os.getpid()}-{time.monotonic_ns()}@%h"]
            + ["--without-gossip", "--without-mingle"],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        started.append(proc)
        return proc

    yield start
    for proc in started:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_for(condition, timeout=60, step=0.2):
    """Poll until condition() is truthy; returns its value or fails the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {condition.__doc__ or condition}")


@pytest.fixture(autouse=True, scope="session")
def celery_test_queue():
    """Send to the test run's own queue (the one the test workers consume).

    pytest-django loads the settings before the root conftest sets CELERY_QUEUE, so without this
    the test process would publish to the default queue unless CELERY_QUEUE was exported.
    """
    from xianju_invest.celery import app

    app.conf.task_default_queue = os.environ["CELERY_QUEUE"]
