from importlib.util import find_spec

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from org.forms import PortalAuthenticationForm

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("search/", views.search_view, name="search"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(authentication_form=PortalAuthenticationForm),
        name="login",
    ),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("captcha/", include("captcha.urls")),
    path("api/", include("xianju_invest.api_urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="schema"),
    # The split view serves its start-up script as a file: no inline script under the CSP.
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="schema"), name="api-docs"),
]

# Apps add themselves here as they arrive.
for prefix, module in [
    ("projects/", "projects.urls"),
    ("reviews/", "reviews.urls"),
    ("refer/", "referrals.urls"),
    ("rewards/", "incentives.urls"),
    ("league/", "scoring.urls"),
    ("aftercare/", "aftercare.urls"),
    ("chains/", "chains.urls"),
    ("notifications/", "notifications.urls"),
    ("investors/", "investors.urls"),
]:
    if find_spec(module) is not None:
        urlpatterns.append(path(prefix, include(module)))

handler404 = "xianju_invest.views.page_not_found"
handler500 = "xianju_invest.views.server_error"
