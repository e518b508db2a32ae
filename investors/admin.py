from django.contrib import admin

from .models import LeadClockPolicy, SigningCeremony, Source


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "unit", "is_active"]
    list_filter = ["kind", "is_active"]


@admin.register(LeadClockPolicy)
class LeadClockPolicyAdmin(admin.ModelAdmin):
    """The lead clocks as dated policy: a new version from a date, the old one kept."""

    list_display = [
        "effective_from",
        "owner_workdays",
        "assessment_workdays",
        "referrer_answer_workdays",
        "progress_note_workdays",
        "unfunded_months",
    ]


@admin.register(SigningCeremony)
class SigningCeremonyAdmin(admin.ModelAdmin):
    """Read-only here: listings go through the service (a project is signed once)."""

    list_display = ["name", "date", "place"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
