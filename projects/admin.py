from django.contrib import admin

from .models import DecisionRoute, Project, ProjectDecision, ProjectDocument, TaskForce


@admin.register(DecisionRoute)
class DecisionRouteAdmin(admin.ModelAdmin):
    list_display = ["__str__", "area_above", "area_up_to", "effective_from", "note"]
    list_filter = ["effective_from"]
    filter_horizontal = ["bodies"]


class ReadOnlyMixin:
    """Projects change only through their services (audited); the admin shows them."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class DocumentInline(ReadOnlyMixin, admin.TabularInline):
    model = ProjectDocument
    extra = 0


class DecisionInline(ReadOnlyMixin, admin.TabularInline):
    model = ProjectDecision
    extra = 0


@admin.register(Project)
class ProjectAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "investor_name", "state", "platform", "responsible_unit", "total_investment"]
    list_filter = ["state", "platform", "category", "industry_chain"]
    list_select_related = ["platform", "responsible_unit"]
    search_fields = ["name", "investor_name", "investor_credit_code"]
    inlines = [DecisionInline, DocumentInline]


@admin.register(TaskForce)
class TaskForceAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["project", "lead"]
    list_select_related = ["project", "lead"]
    search_fields = ["project__name"]
