"""All API routes under /api/; each app contributes a router or a list of paths."""

from importlib.util import find_spec

from django.urls import include, path

from org import api as org_api

urlpatterns = [
    path("auth/token/", org_api.ObtainTokenView.as_view(), name="api-token"),
    path("me/", org_api.MeView.as_view(), name="api-me"),
]

# The public referral endpoint's app first: URL resolution tries every route listed before a match.
urlpatterns.append(path("", include("referrals.api")))
urlpatterns.append(path("", include(org_api.router.urls)))
for module in [
    "projects.api",
    "projects.analytics_api",
    "reviews.api",
    "incentives.api",
    "scoring.api",
    "aftercare.api",
    "chains.api",
    "notifications.api",
    "investors.api",
]:
    if find_spec(module) is not None:
        urlpatterns.append(path("", include(module)))
