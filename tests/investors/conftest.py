import pytest

from tests import factories


@pytest.fixture(autouse=True)
def default_policies(request):
    """Migrations seed the decision routes and the lead clocks; a transactional test's flush elsewhere
    in the run may have removed them from the reused test database."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    import datetime as dt

    from investors.models import LeadClockPolicy
    from projects.services import decision_routes_ensure_default

    decision_routes_ensure_default(factories.units())
    LeadClockPolicy.objects.get_or_create(effective_from=dt.date(2024, 1, 1))


@pytest.fixture
def staff(db):
    return factories.make_user("promotion_staff", "touchu")


@pytest.fixture
def leader(db):
    return factories.make_user("leader", "leading-group")
