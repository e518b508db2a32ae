from django.urls import path

from . import views

app_name = "aftercare"

urlpatterns = [
    path("", views.request_list, name="list"),
    path("new/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/steps/<slug:name>/", views.request_step, name="step"),
    path("statistics/", views.statistics, name="statistics"),
    path("answers/", views.answers, name="answers"),
    path("accounts/new/", views.account_new, name="account_new"),
]
