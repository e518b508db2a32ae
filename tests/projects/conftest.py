import itertools
from types import SimpleNamespace

import pytest

from org.enums import Role
from tests import factories

ROLE_UNITS = {
    Role.PROMOTION_STAFF: "touchu",
    Role.DEPARTMENT_REVIEWER: "fagai",
    Role.PLATFORM_REVIEWER: "kaifaqu",
    Role.EXPERT: "experts",
    Role.LEADER: "leading-group",
    Role.ADMINISTRATOR: "touchu",
    Role.FINANCE: "caizheng",
    Role.ENTERPRISE: None,  # an enterprise account has no unit; it may move no project
}
_seq = itertools.count(1)


@pytest.fixture(scope="module")
def people(django_db_setup, django_db_blocker):
    """One user per role, made once per module (the transition table runs ~1,200 cases)."""
    with django_db_blocker.unblock():
        units = factories.units()
        tag = next(_seq)
        users = {
            role: factories.make_user(role, unit, username=f"table-{tag}-{role.value}")
            for role, unit in ROLE_UNITS.items()
        }
    yield SimpleNamespace(units=units, users=users)
    with django_db_blocker.unblock():
        for user in users.values():
            user.delete()


@pytest.fixture(autouse=True)
def default_decision_routes(request):
    """Migration 0003 seeds the routes, but a transactional test's flush removes them."""
    if request.node.get_closest_marker("django_db") is None:
        return
    from projects.services import decision_routes_ensure_default

    decision_routes_ensure_default(factories.units())
