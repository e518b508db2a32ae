from django.contrib import admin

from .models import Referral, ReferralAttachment


class AttachmentInline(admin.TabularInline):
    model = ReferralAttachment
    extra = 0
    readonly_fields = ["file", "original_name", "size"]
    can_delete = False


@admin.register(Referral)
class ReferralAdmin(admin.ModelAdmin):
    """Read-mostly: triage happens on the portal's queue so it is audited."""

    list_display = ["company_name", "status", "is_first", "referrer_kind", "submitted_at"]
    list_filter = ["status", "is_first", "referrer_kind"]
    search_fields = ["company_name", "company_credit_code", "tracking_code"]
    date_hierarchy = "submitted_at"
    inlines = [AttachmentInline]
    readonly_fields = [
        f.name for f in Referral._meta.get_fields() if f.concrete and not f.many_to_many and f.name != "id"
    ]

    def has_add_permission(self, request):
        return False
