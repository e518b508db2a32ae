from django.contrib import admin

from .models import ClockPolicy, EnterpriseAccount, ProjectDeputy


@admin.register(ClockPolicy)
class ClockPolicyAdmin(admin.ModelAdmin):
    list_display = ["name", "effective_from", "contact_workdays", "reply_workdays", "close_general_workdays"]


@admin.register(EnterpriseAccount)
class EnterpriseAccountAdmin(admin.ModelAdmin):
    list_display = ["company_name", "user", "created_at"]
    search_fields = ["company_name", "user__username"]
    raw_id_fields = ["user"]


@admin.register(ProjectDeputy)
class ProjectDeputyAdmin(admin.ModelAdmin):
    list_display = ["project", "deputy"]
    raw_id_fields = ["project", "deputy"]
