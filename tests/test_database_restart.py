"""A PostgreSQL restart must not show anybody an error page (DB_CONN_HEALTH_CHECKS, on by default)."""

import threading
import urllib.error
import urllib.request
from types import SimpleNamespace
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.db import connection, connections

from tests import factories

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="terminates a PostgreSQL backend"),
]


class _Quiet(WSGIRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def portal():
    """The portal served as in production: one server thread whose database connection is kept
    between requests (unlike the test client, which skips Django's connection checks)."""
    handler, pids = WSGIHandler(), []

    def app(environ, start_response):
        response = handler(environ, start_response)
        raw = connection.connection  # the server thread's own connection
        if raw is not None:
            pids.append(raw.get_backend_pid() if hasattr(raw, "get_backend_pid") else raw.info.backend_pid)
        return response

    server = make_server("127.0.0.1", 0, app, server_class=WSGIServer, handler_class=_Quiet)
    server.timeout = 0.2
    stop = threading.Event()

    def serve():
        while not stop.is_set():
            server.handle_request()
        connections.close_all()  # this thread's connection; the test database is dropped later

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield SimpleNamespace(url=f"http://127.0.0.1:{server.server_port}", pids=pids)
    stop.set()
    thread.join(timeout=10)
    server.server_close()


def _get(url, cookie=""):
    request = urllib.request.Request(url, headers={"Cookie": cookie})
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


def _terminate(pid):
    """What a restart does to the server thread's connection: PostgreSQL ends it."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        return cursor.fetchone()[0]


def test_pages_answer_after_the_database_drops_the_portals_connection(client, portal):
    user = factories.make_user("promotion_staff")
    client.force_login(user)
    cookie = f"sessionid={client.cookies['sessionid'].value}"
    assert _get(f"{portal.url}/projects/", cookie) == 200  # the server thread now holds a connection

    assert _terminate(portal.pids[-1])

    assert _get(f"{portal.url}/projects/", cookie) == 200
    assert _get(f"{portal.url}/healthz") == 200
    assert portal.pids[-1] != portal.pids[0]  # it reconnected
