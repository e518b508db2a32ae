"""Every route of the URLconf (DRF routers included), with the methods each one allows and how to
fill its parameters from the demo county. Used by the permission matrix and the SQLite smoke run."""

import re
from dataclasses import dataclass

from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver

SAFE_EXTRA = {"head", "options"}
FORMAT_SUFFIX = re.compile(r"\(\?P<format>|<drf_format_suffix:format>")


@dataclass(frozen=True)
class Route:
    key: str  # the row of the expected table: the pattern, admin model routes as admin/<app>/<model>/...
    pattern: str  # the concrete pattern, e.g. admin/org/unit/<path:object_id>/change/
    callback: object
    model_admin: object = None

    @property
    def is_api(self):
        return self.pattern.startswith("api/")

    def allowed_methods(self):
        """Methods the view declares (DRF actions, class-based views, require_http_methods); None
        when a function view takes any method."""
        cb = self.callback
        if getattr(cb, "actions", None):
            return {m.upper() for m in cb.actions if m not in SAFE_EXTRA}
        cls = getattr(cb, "cls", None) or getattr(cb, "view_class", None)
        if cls is not None:
            names = set(cls.http_method_names) - SAFE_EXTRA
            return {m.upper() for m in names if hasattr(cls, m)}
        func = cb
        while func is not None:
            for name, cell in zip(func.__code__.co_freevars, func.__closure__ or (), strict=False):
                if name == "request_method_list":
                    return {m.upper() for m in cell.cell_contents}
            func = getattr(func, "__wrapped__", None)
        return None


def _walk(patterns, prefix=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern), p


def all_routes():
    """Routes in resolution order; a pattern shadowed by an identical earlier one is left out (it
    can never answer), as are DRF's `.json` format-suffix twins (the same view, the same checks)."""
    seen = set()
    routes = []
    for pattern, p in _walk(get_resolver().url_patterns):
        if FORMAT_SUFFIX.search(pattern) or pattern in seen:
            continue
        seen.add(pattern)
        model_admin = getattr(p.callback, "model_admin", None)
        key = pattern
        if model_admin is not None:
            opts = model_admin.model._meta
            key = pattern.replace(f"admin/{opts.app_label}/{opts.model_name}/", "admin/<app>/<model>/", 1)
        if "(?P<app_label>" in pattern:  # the admin's app index lists the apps: one row, whichever they are
            key = re.sub(r"\(\?P<app_label>[^)]*\)", "<app_label>", pattern)
        routes.append(Route(key=key, pattern=pattern, callback=p.callback, model_admin=model_admin))
    return routes


PARAM = re.compile(r"<(?:(\w+):)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def fill(pattern, values):
    """The path for `pattern` with its parameters taken from `values` (a dict by parameter name)."""
    path = PARAM.sub(lambda m: str(values[m.group(2) or m.group(3)]), pattern)
    path = path.replace("^", "").replace("$", "").replace("\\.", ".")
    return "/" + path


def request(client, method, path, is_api):
    """One request in a savepoint that is rolled back, so a permitted POST changes nothing for the next."""
    kwargs = {"content_type": "application/json", "data": {}} if is_api and method != "GET" else {}
    if not is_api and method == "POST":
        kwargs = {"data": {}}
    with transaction.atomic():
        response = getattr(client, method.lower())(path, **kwargs)
        transaction.set_rollback(True)
    return response
