from django.urls import path

from . import views

app_name = "incentives"

urlpatterns = [
    path("", views.register, name="list"),
    path("export/", views.register_export, name="export"),
    path("queue/", views.approval_queue, name="queue"),
    path("publish/", views.publish_all, name="publish_all"),
    path("notice/", views.public_notice, name="notice"),
    path("notice/<int:pk>/object/", views.objection_file, name="object"),
    path("objections/<int:pk>/resolve/", views.objection_resolve, name="resolve"),
    path("what-if/", views.what_if, name="what_if"),
    path("forecast/", views.forecast, name="forecast"),
    path("tax-import/", views.tax_import, name="tax_import"),
    path("projects/<int:pk>/", views.project_rewards, name="project"),
    path("projects/<int:pk>/figures/", views.figures_enter, name="figures"),
    path("projects/<int:pk>/figures/verify/", views.figures_verify, name="figures_verify"),
    path("projects/<int:pk>/tax/", views.tax_enter, name="tax"),
    path("projects/<int:pk>/tax/<int:tax_id>/verify/", views.tax_verify, name="tax_verify"),
    path("projects/<int:pk>/beneficiaries/<str:reward>/", views.beneficiaries_edit, name="beneficiaries"),
    path("installments/<int:pk>/form.pdf", views.approval_form_pdf, name="form_pdf"),
    path("installments/<int:pk>/<str:action>/", views.installment_act, name="act"),
]
