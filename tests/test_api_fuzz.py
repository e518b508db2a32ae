"""Schema-driven fuzzing of the whole API with Schemathesis: as promotion staff, as a department
reviewer and anonymously, every operation of the OpenAPI document (/api/schema/) gets a few
generated requests through the WSGI application (no server). No answer may be a 5xx, and every
documented answer must match its schema.

Bounded on purpose: FUZZ_EXAMPLES per operation and role, no shrinking, no deadline; the demo
county is seeded once for the module and every write is rolled back with it.
"""

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from tests.demo_county import ANONYMOUS, demo_county  # noqa: F401 -- the module's fixture

FUZZ_EXAMPLES = 6
FUZZ_ROLES = ["promotion_staff", "department_reviewer", ANONYMOUS]
# Object routes get a real object of the demo county (a random id would only ever find a 404).
TARGETS = {
    "/api/projects/{id}/": "project",
    "/api/review-rounds/{id}/": "round",
    "/api/review-opinions/{id}/": "opinion",
    "/api/referrals/{id}/": "referral",
    "/api/notifications/{id}/": "notification",
    "/api/units/{id}/": "unit",
    "/api/scoring/units/{id}/": "scored_unit",
    "/api/scoring/challenges/{id}/": "challenge",
    "/api/scoring/projects/{id}/": "project",
    "/api/scoring/frozen-boards/{id}/": "frozen_board",
}


@pytest.fixture(scope="module")
def fuzz(demo_county, django_db_blocker):  # noqa: F811
    """The schema bound to the WSGI application, and a token per signed-in role."""
    from rest_framework.authtoken.models import Token

    with django_db_blocker.unblock():
        response = demo_county.client("promotion_staff").get(
            "/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json"
        )
        assert response.status_code == 200
        tokens = {
            role: Token.objects.get_or_create(user=demo_county.users[role])[0].key
            for role in FUZZ_ROLES
            if role != ANONYMOUS
        }
    schema = schemathesis.openapi.from_dict(response.json())
    schema.app = get_wsgi_application()
    # As Django's test client does: the test's open transaction must outlive each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield schema, tokens
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


def _path_parameters(county, operation, role):
    """The object's id for an object route (its actions included), else None (generated)."""
    for prefix, target in TARGETS.items():
        if operation.path.startswith(prefix):
            return {"id": county.params(target, role, other=False)["pk"]}
    return None


def _fuzz_operation(county, operation, role, token):
    headers = {"Authorization": f"Token {token}"} if token else {}
    address = f"198.51.100.{FUZZ_ROLES.index(role) + 1}"  # TEST-NET-2: its own per-address limits
    # Requests the schema allows, on real objects, must be answered as documented; requests it
    # forbids (wrong types, missing fields, ids that are no number) must not reach a 5xx either.
    strategy = st.one_of(
        operation.as_strategy(
            GenerationMode.POSITIVE, path_parameters=_path_parameters(county, operation, role)
        ),
        operation.as_strategy(GenerationMode.NEGATIVE),
    )

    @settings(
        max_examples=FUZZ_EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    @given(case=strategy)
    def run(case):
        response = case.call(headers=headers, environ_base={"REMOTE_ADDR": address})
        case.validate_response(response, checks=[not_a_server_error, response_schema_conformance])

    run()


@pytest.mark.parametrize("role", FUZZ_ROLES)
def test_every_api_operation_survives_generated_requests(role, fuzz, demo_county, db):  # noqa: F811
    schema, tokens = fuzz
    failures = []
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) > 30
    for operation in operations:
        try:
            _fuzz_operation(demo_county, operation, role, tokens.get(role))
        except (Exception, BaseExceptionGroup) as exc:  # every operation's failure, reported together
            found = getattr(exc, "exceptions", None) or [exc]
            detail = "\n".join(str(e).strip()[:700] for e in found)
            failures.append(f"{operation.method.upper()} {operation.path}:\n{detail}")
    assert not failures, f"{len(failures)} operation(s) failed as {role}:\n\n" + "\n\n".join(failures)
