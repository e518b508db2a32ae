from django.contrib import admin

from .models import OpinionVersion, ReviewMinutes, ReviewOpinion, ReviewRound, ReviewSettings, ThresholdPolicy


@admin.register(ReviewSettings)
class ReviewSettingsAdmin(admin.ModelAdmin):
    list_display = ["__str__", "opinion_workdays", "due_soon_workdays"]

    def has_add_permission(self, request):
        return not ReviewSettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(ThresholdPolicy)
class ThresholdPolicyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "effective_from",
        "category",
        "platform",
        "min_investment_intensity",
        "min_tax_per_mu",
    ]
    list_filter = ["category", "platform"]


class OpinionInline(admin.TabularInline):
    model = ReviewOpinion
    extra = 0
    fields = ["unit", "invitee", "required", "due", "verdict", "signed_by", "signed_at", "version"]
    readonly_fields = ["verdict", "signed_by", "signed_at", "version"]
    raw_id_fields = ["invitee"]


@admin.register(ReviewRound)
class ReviewRoundAdmin(admin.ModelAdmin):
    """Read-mostly: rounds change through the portal's pages so every change is audited."""

    list_display = ["project", "state", "outcome", "opened_on", "concluded_at", "convener"]
    list_filter = ["state", "outcome"]
    search_fields = ["project__name"]
    inlines = [OpinionInline]
    readonly_fields = [
        "project",
        "convener",
        "state",
        "outcome",
        "conclusion_kind",
        "conclusion_reason",
        "concluded_at",
        "concluded_by",
        "transition_problem",
    ]

    def has_add_permission(self, request):
        return False


@admin.register(OpinionVersion)
class OpinionVersionAdmin(admin.ModelAdmin):
    list_display = ["opinion", "number", "verdict", "signed_by", "signed_at"]
    readonly_fields = ["opinion", "number", "verdict", "reason", "conditions", "signed_by", "signed_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ReviewMinutes)
class ReviewMinutesAdmin(admin.ModelAdmin):
    """Minutes are written when a round concludes, never by hand."""

    list_display = ["number", "round", "created_at"]
    readonly_fields = ["number", "round", "created_at"]

    def has_add_permission(self, request):
        return False
