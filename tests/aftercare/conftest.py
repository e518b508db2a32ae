import datetime as dt

import pytest

from tests import factories


@pytest.fixture(autouse=True)
def default_clock_policy(request):
    """The default clock policy, as migration 0002 seeds it (a transactional test elsewhere in the
    run may have flushed the migration's rows from the reused test database)."""
    marker = request.node.get_closest_marker("django_db")
    fixtures = getattr(request, "fixturenames", ())
    if marker is None and "db" not in fixtures:
        return
    request.getfixturevalue("transactional_db" if marker and marker.kwargs.get("transaction") else "db")
    from aftercare.defaults import DEFAULT_POLICY
    from aftercare.models import ClockPolicy

    if not ClockPolicy.objects.exists():
        ClockPolicy.objects.create(**DEFAULT_POLICY)


@pytest.fixture
def units(db):
    return factories.units()


@pytest.fixture
def project(db):
    return factories.make_landed_project(name="精密制造项目", investor_name="浙江精密制造有限公司")


@pytest.fixture
def enterprise(project):
    return factories.make_enterprise(project)


@pytest.fixture
def lead(units):
    """A member of the development zone, the usual lead unit in these tests."""
    return factories.make_user("platform_reviewer", "kaifaqu")


@pytest.fixture
def other_unit(units):
    return factories.make_user("department_reviewer", "zigui")


@pytest.fixture
def file_request(project, enterprise):
    from aftercare import services

    def build(on=dt.date(2025, 11, 3), **fields):
        values = {"title": "临时用电增容", "category": "utilities", "description": "需要增容到 2000 千伏安"}
        values.update(fields)
        return services.request_file(project=project, by=enterprise, on=on, **values)

    return build


@pytest.fixture
def routed(file_request, staff, units):
    from aftercare import services

    def build(on=dt.date(2025, 11, 3), lead_unit="kaifaqu", assisting=(), **fields):
        request = file_request(on=on, **fields)
        return services.request_route(
            request=request,
            by=staff,
            lead_unit=units[lead_unit],
            assisting_units=[units[a] for a in assisting],
            on=on,
        )

    return build
