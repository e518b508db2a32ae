"""Every route of the URLconf × every role × the methods it allows, against tests/permissions_matrix.py.

Also the smoke suite of issue 10: no route answers 5xx to any role, on PostgreSQL and on SQLite
(this module uses nothing vendor-specific). The demo county is seeded once for the module.
"""

from collections import defaultdict

import pytest
from django.conf import settings
from django.shortcuts import resolve_url
from django.urls import reverse

from tests.demo_county import ANONYMOUS, demo_county  # noqa: F401 -- the module's fixture
from tests.permissions_cells import ADMIN_LOGIN, LOGIN
from tests.permissions_matrix import ROUTES
from tests.routes import all_routes, fill, request

ROUTES_BY_KEY = defaultdict(list)
for _route in all_routes():
    ROUTES_BY_KEY[_route.key].append(_route)


def test_every_route_has_a_row_and_every_row_a_route():
    missing = sorted(set(ROUTES_BY_KEY) - set(ROUTES))
    stale = sorted(set(ROUTES) - set(ROUTES_BY_KEY))
    assert not missing, f"routes without a row in tests/permissions_matrix.py: {missing}"
    assert not stale, f"rows of tests/permissions_matrix.py without a route: {stale}"


def test_rows_test_exactly_the_methods_the_views_allow():
    wrong = {}
    for key, routes in ROUTES_BY_KEY.items():
        row = set(method for method in ROUTES.get(key, {}) if method.isupper() and " " not in method)
        for route in routes:
            allowed = route.allowed_methods()
            if allowed is None:  # a function view that takes any method: the row says which matter
                continue
            if not (row <= allowed if key.startswith("admin/") else row == allowed):
                wrong[key] = {"row": sorted(row), "view": sorted(allowed)}
    assert not wrong, wrong


def test_every_role_has_a_demo_account(demo_county, db):  # noqa: F811
    from org.enums import Role

    assert set(demo_county.users) == {role.value for role in Role}


def _admin_params(route, county):
    from django.contrib.contenttypes.models import ContentType

    from projects.models import Project

    project = Project.objects.order_by("pk").first()
    values = {
        "url": "no-such-page/",
        "app_label": "org",
        "content_type_id": ContentType.objects.get_for_model(Project).pk,
        "object_id": project.pk,
        "id": county.users["leader"].pk,
    }
    if route.model_admin is not None:
        obj = route.model_admin.model._default_manager.order_by("pk").first()
        values["object_id"] = obj.pk if obj is not None else None
    return values


def _outcome(response):
    if response.status_code in (301, 302):
        location = response.headers.get("Location", "")
        if location.startswith(resolve_url(settings.LOGIN_URL)):
            return LOGIN
        if location.startswith(reverse("admin:login")):
            return ADMIN_LOGIN
    return response.status_code


def _matches(expected, outcome):
    return outcome in expected if isinstance(expected, tuple) else outcome == expected


def _probe(county, key, row):
    """Yield (role, method, which, path, expected, outcome) for every cell of the row."""
    for index, route in enumerate(ROUTES_BY_KEY[key]):
        for spec, cells in row.items():
            if spec == "target":
                continue
            method, _, which = spec.partition(" ")
            for role in county.roles:
                # A model admin's routes differ only in the model: non-administrators are turned away
                # by the admin site itself, so they try the first model; the administrator tries all.
                if route.model_admin is not None and index and role != "administrator":
                    continue
                if route.pattern.startswith("admin/"):
                    values = _admin_params(route, county)
                    if values["object_id"] is None and "object_id" in route.pattern:
                        continue  # no row of this model in the demo county
                elif row.get("target"):
                    values = county.params(row["target"], role, other=which == "other")
                else:
                    values = {}
                path = fill(route.pattern, values)
                expected = cells.get(role, cells["*"])
                response = request(county.client(role), method, path, route.is_api)
                yield role, method, which, path, expected, _outcome(response)


@pytest.mark.parametrize("key", sorted(ROUTES))
def test_route_answers_each_role_as_the_table_says(key, demo_county, db):  # noqa: F811
    if key not in ROUTES_BY_KEY:
        pytest.skip("no such route (see test_every_route_has_a_row_and_every_row_a_route)")
    wrong = []
    for role, method, which, path, expected, outcome in _probe(demo_county, key, ROUTES[key]):
        if isinstance(outcome, int) and outcome >= 500 or not _matches(expected, outcome):
            wrong.append(
                f"{method} {path} as {role}{' (other unit)' if which else ''}: "
                f"expected {expected}, got {outcome}"
            )
    assert not wrong, "\n".join(wrong)
