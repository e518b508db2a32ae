import logging

from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .panels import panels_for
from .search import QUERY_MIN, clean_query, search

log = logging.getLogger(__name__)


@login_required
def home(request):
    """Each role's work: the panels the apps registered that this viewer may see (xianju_invest.panels)."""
    return render(request, "home.html", {"panels": panels_for(request.user)})


@login_required
@require_GET
def search_view(request):
    """The header's search: what each app lets this viewer find (xianju_invest.search)."""
    query = clean_query(request.GET.get("q"))
    return render(
        request,
        "search.html",
        {"query": query, "results": search(request.user, query), "too_short": 0 < len(query) < QUERY_MIN},
    )


def _database_ok():
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return True, "ok"
    except Exception as exc:  # any failure means "down" for the probe
        return False, exc.__class__.__name__


def _broker_ok():
    from xianju_invest.celery import app

    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=2)
        return True, "ok"
    except Exception as exc:
        return False, exc.__class__.__name__


@never_cache
@require_GET
def healthz(request):
    db_ok, db_state = _database_ok()
    broker_ok, broker_state = _broker_ok()
    healthy = db_ok and broker_ok
    return JsonResponse(
        {"status": "ok" if healthy else "down", "database": db_state, "broker": broker_state},
        status=200 if healthy else 503,
    )


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)
