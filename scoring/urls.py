from django.urls import path

from . import views

app_name = "scoring"

urlpatterns = [
    path("", views.board, name="board"),
    path("units/<int:pk>/", views.unit_detail, name="unit"),
    path("screen/", views.screen, name="screen"),
    path("export.xlsx", views.export, {"fmt": "xlsx"}, name="export_xlsx"),
    path("export.pdf", views.export, {"fmt": "pdf"}, name="export_pdf"),
    path("challenges/", views.challenges, name="challenges"),
    path("challenges/<int:pk>/claim/", views.challenge_claim, name="claim"),
    path("adjustments/new/", views.adjustment_new, name="adjustment_new"),
    path("projects/<int:pk>/credits/", views.project_credits, name="credits"),
]
