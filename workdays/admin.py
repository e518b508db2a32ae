from django.contrib import admin

from .models import WorkdayAdjustment
from .services import adjustments_changed


@admin.register(WorkdayAdjustment)
class WorkdayAdjustmentAdmin(admin.ModelAdmin):
    list_display = ["date", "is_workday", "reason"]
    list_filter = ["is_workday"]
    date_hierarchy = "date"

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        adjustments_changed()

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        adjustments_changed()
