import time

import pytest

from notifications import deadlines


@pytest.fixture
def sources(monkeypatch):
    """An empty deadline-source registry for the test; register test sources into it."""
    registry = {}
    monkeypatch.setattr(deadlines, "_SOURCES", registry)
    return registry


@pytest.fixture
def more_workers(celery_worker):
    """Start further real workers (like `celery_worker`) within one test, e.g. after killing one."""
    from tests.conftest import start_worker, stop_worker

    started = []

    def start():
        proc = start_worker("more")
        started.append(proc)
        return proc

    yield start
    for proc in started:
        stop_worker(proc)


def wait_for(condition, timeout=60, step=0.2):
    """Poll until condition() is truthy; returns its value or fails the test."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step)
    raise AssertionError(f"timed out waiting for {condition.__doc__ or condition}")
