from django.urls import path

from . import views

app_name = "investors"

urlpatterns = [
    path("", views.investor_list, name="list"),
    path("new/", views.investor_edit, name="create"),
    path("<int:pk>/", views.investor_detail, name="detail"),
    path("<int:pk>/edit/", views.investor_edit, name="edit"),
    path("<int:pk>/contacts/", views.contact_add, name="contact_add"),
    path("<int:pk>/interactions/", views.interaction_add, name="interaction_add"),
    path("interactions/<int:pk>/done/", views.step_done, name="step_done"),
    path("projects/<int:pk>/", views.project_investor, name="project"),
    path("conversions/", views.conversions, name="conversions"),
    path("stalled/", views.stalled, name="stalled"),
    path("ceremonies/", views.ceremonies, name="ceremonies"),
    path("ceremonies/<int:pk>/", views.ceremony, name="ceremony"),
    path("unfunded/", views.unfunded, name="unfunded"),
]
