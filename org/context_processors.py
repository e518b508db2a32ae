from .navigation import draw


class _Bar:
    """The navigation bar, drawn only when a template shows it (partials rendered for htmx skip it)."""

    def __init__(self, request):
        self._request = request
        self._html = None

    def __html__(self):
        if self._html is None:
            request = self._request
            match = getattr(request, "resolver_match", None)
            self._html = draw(request.user, match.view_name if match else None)
        return self._html

    __str__ = __html__


def navigation(request):
    if getattr(request, "user", None) is None:
        return {}
    return {"nav_bar": _Bar(request)}
