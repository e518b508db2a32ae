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
