from django.urls import path

from . import views

app_name = "referrals"

urlpatterns = [
    path("", views.submit, name="submit"),
    path("thanks/", views.thanks, name="thanks"),
    path("status/", views.status, name="status"),
    path("queue/", views.queue, name="queue"),
    path("queue/<int:pk>/", views.detail, name="detail"),
    path("queue/<int:pk>/accept/", views.accept, name="accept"),
    path("queue/<int:pk>/merge/", views.merge, name="merge"),
    path("queue/<int:pk>/reject/", views.reject, name="reject"),
    path("queue/<int:pk>/confirm/<str:party>/", views.confirm, name="confirm"),
    path("queue/<int:pk>/attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
