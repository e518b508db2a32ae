from django.urls import include, path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_create, name="create"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/edit/", views.project_edit, name="edit"),
    path("<int:pk>/transition/", views.project_transition, name="transition"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:document_id>/", views.document_download, name="document"),
    path("<int:pk>/task-force/", views.task_force_edit, name="task_force"),
    path("<int:pk>/decisions/", views.decision_record, name="decision"),
    # The analytics pages (dashboard, rates, Excel) share the namespace.
    path("", include("projects.analytics_urls")),
]
