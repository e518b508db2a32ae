from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion"),
    path("attachments/<int:pk>/", views.attachment, name="attachment"),
    path("rounds/", views.rounds, name="rounds"),
    path("rounds/new/", views.round_open, name="open"),
    path("rounds/<int:pk>/", views.round_detail, name="round"),
    path("rounds/<int:pk>/manage/", views.round_manage, name="manage"),
    path("rounds/<int:pk>/terms/", views.round_terms, name="terms"),
    path("rounds/<int:pk>/participants/", views.round_add, name="add"),
    path("rounds/<int:pk>/close/", views.round_close, name="close"),
    path("rounds/<int:pk>/minutes/", views.minutes, name="minutes"),
    path("rounds/<int:pk>/minutes.pdf", views.minutes_download, name="minutes_pdf"),
]
