"""The benchmark servers' URLconf (bench.settings): the portal's, plus the baseline the figures are
ratios to. It is not in the production URLconf."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from xianju_invest.urls import handler404, handler500
from xianju_invest.urls import urlpatterns as portal_urlpatterns


@require_GET
def trivial(request):
    """The cheapest response the stack can give: every benchmark's baseline."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial", trivial, name="trivial"), *portal_urlpatterns]
__all__ = ["handler404", "handler500", "urlpatterns"]
