from django.contrib import admin

from .models import DecisionRoute, Project, ProjectDecision, ProjectDocument, TaskForce


@admin.register(DecisionRoute)
class DecisionRouteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "area_above", "area_up_to", "effective_from", "note"]
    list_filter = ["effective_from"]
    filter_horizontal = ["bodies"]


class DocumentInline(admin.TabularInline):
    model = ProjectDocument
    extra = 0
    readonly_fields = ["size", "uploaded_by", "uploaded_at"]


class DecisionInline(admin.TabularInline):
    model = ProjectDecision
    extra = 0
    readonly_fields = ["recorded_by", "recorded_at"]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Read-mostly: states change only through the pipeline pages (one door, audited)."""

    list_display = ["name", "investor_name", "state", "platform", "responsible_unit", "total_investment"]
    list_filter = ["state", "platform", "category", "industry_chain"]
    list_select_related = ["platform", "responsible_unit"]
    search_fields = ["name", "investor_name", "investor_credit_code"]
    readonly_fields = ["state", "created_by", "created_at", "updated_at"]
    autocomplete_fields = ["service_cadre"]
    inlines = [DecisionInline, DocumentInline]


@admin.register(TaskForce)
class TaskForceAdmin(admin.ModelAdmin):
    list_display = ["project", "lead"]
    list_select_related = ["project", "lead"]
    filter_horizontal = ["members", "experts"]
    search_fields = ["project__name"]
