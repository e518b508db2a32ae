import pytest


@pytest.fixture(autouse=True)
def fresh_calendar():
    """Local working-day adjustments are cached; each test starts from its own database rows."""
    from workdays.services import adjustments_changed

    adjustments_changed()
    yield
    adjustments_changed()
