from django.urls import path

from . import analytics_views as views

urlpatterns = [
    path("dashboard/", views.dashboard_view, name="dashboard"),
    path("rates/", views.rates_view, name="rates"),
    path("rates/projects/", views.rate_projects_view, name="rate_projects"),
    path("export/", views.export_view, name="export"),
    path("import/", views.import_view, name="import"),
]
