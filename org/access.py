"""One answer to "may this viewer open that page?", for the view that serves it and every link to it.

A view declares its gate with `@gated_by(predicate)`: the decorator refuses the request with a 403
when `predicate(user)` is false, and keeps the predicate on the view. `may_open(user, url)` resolves
a URL to its view and asks the same predicate, so the navigation bar, buttons and links (through the
`access` template tags) never offer a page the view would refuse. A view without a gate is open to
whoever reaches it (its own login redirect aside); object-level checks stay in the view.
"""

from functools import lru_cache, wraps
from types import SimpleNamespace
from urllib.parse import urlsplit

from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.urls import NoReverseMatch, Resolver404, get_urlconf, resolve, reverse


def gated_by(predicate):
    """Sign-in required, then `predicate(request.user)` or 403; the predicate stays readable."""

    def decorator(view):
        @wraps(view)
        def gated(request, *args, **kwargs):
            if not predicate(request.user):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        gated.access_predicate = predicate
        return login_required(gated)

    return decorator


def _gate(view):
    while view is not None:
        predicate = getattr(view, "access_predicate", None)
        if predicate is not None:
            return predicate
        view = getattr(view, "__wrapped__", None)
    return None


def _admin_gate(user):
    """The admin site's own rule (active staff), asked of the site itself."""
    return admin.site.has_permission(SimpleNamespace(user=user))


@lru_cache(maxsize=2048)
def _gate_of_path(urlconf, path):
    """The gate of the view behind `path`: False when nothing serves it, None when ungated.
    The URLconf does not change while the process runs, so each path is resolved once."""
    try:
        match = resolve(path, urlconf)
    except Resolver404:
        return False
    if match.app_name == "admin":
        return _admin_gate
    return _gate(match.func)


def gate_of_url(url):
    """The predicate guarding the view behind `url`: False when nothing serves it, None when ungated."""
    return _gate_of_path(get_urlconf(), urlsplit(str(url)).path)


def may_open(user, url):
    """Would the view behind `url` (a same-site path) serve `user`? Unknown paths: no."""
    gate = gate_of_url(url)
    if gate is False:
        return False
    return gate is None or bool(gate(user))


def allowed_url(user, url_name, *args, **kwargs):
    """The URL of `url_name` if installed and `user` may open it, else None."""
    try:
        url = reverse(url_name, args=args or None, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
    return url if may_open(user, url) else None
