import pytest


@pytest.fixture(autouse=True)
def default_policy(request):
    """The default scoring policy, as migration 0002 seeds it (a transactional test elsewhere in the
    run may have flushed the migration's rows from the reused test database)."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None:
        return
    request.getfixturevalue("transactional_db" if marker.kwargs.get("transaction") else "db")
    from scoring.services import policy_ensure_default

    policy_ensure_default()
