from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("badge/", views.badge, name="badge"),
    path("read/", views.mark_read, name="read_all"),
    path("<int:pk>/read/", views.mark_read, name="read"),
    path("agenda/", views.agenda, name="agenda"),
    path("jobs/", views.jobs, name="jobs"),
    path("deliveries/<int:pk>/retry/", views.delivery_retry, name="delivery_retry"),
]
