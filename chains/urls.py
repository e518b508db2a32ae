from django.urls import path

from . import views

app_name = "chains"

urlpatterns = [
    path("", views.chain_map, name="map"),
    path("<int:pk>/", views.chain_detail, name="chain"),
    path("links/<int:pk>/", views.link_detail, name="link"),
    path("firms/<int:pk>/placement/", views.placement, {"kind": "firm"}, name="place_firm"),
    path("projects/<int:pk>/placement/", views.placement, {"kind": "project"}, name="place_project"),
    path("targets/import/", views.target_import, name="target_import"),
    path("targets/<int:pk>/contacted/", views.target_contacted, name="target_contacted"),
    path("targets/<int:pk>/lead/", views.target_lead, name="target_lead"),
]
