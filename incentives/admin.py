from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import (
    Beneficiary,
    CapTier,
    Installment,
    IntensityFactor,
    Objection,
    OperatingRate,
    PolicyVersion,
    RetainedTax,
    VerifiedFigures,
)


class _LockedWithVersion:
    """Rows of a version used by a checked amount are read-only, like the version itself."""

    def has_change_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "is_locked", False):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and (getattr(obj, "is_locked", False) or obj.installments.exists()):
            return False
        return super().has_delete_permission(request, obj)


class _LockedRows(_LockedWithVersion, admin.TabularInline):
    """No row is added to a read-only version (the inline's `obj` is the version)."""

    extra = 0

    def has_add_permission(self, request, obj=None):
        if obj is not None and getattr(obj, "is_locked", False):
            return False
        return super().has_add_permission(request, obj)


class FactorInline(_LockedRows):
    model = IntensityFactor


class CapTierInline(_LockedRows):
    model = CapTier


class OperatingRateInline(_LockedRows):
    model = OperatingRate


@admin.register(PolicyVersion)
class PolicyVersionAdmin(_LockedWithVersion, admin.ModelAdmin):
    list_display = ["name", "effective_from", "locked"]
    inlines = [FactorInline, CapTierInline, OperatingRateInline]
    readonly_fields = ["created_by", "created_at"]
    save_as = True  # a correction starts from the old version's figures

    @admin.display(boolean=True, description=_("read-only (used by a checked amount)"))
    def locked(self, obj):
        return obj.is_locked

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


class ReadOnlyAdmin(admin.ModelAdmin):
    """Read-only: every change goes through the rewards pages and their services (two people for a
    fact, the one door for an installment or objection), each with its audit trail."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Installment)
class InstallmentAdmin(ReadOnlyAdmin):
    list_display = ["project", "reward", "slot", "beneficiary", "state", "gross", "net", "trigger_date"]
    list_filter = ["reward", "state"]
    search_fields = ["project__name", "beneficiary__name"]
    list_select_related = ["project", "beneficiary"]


@admin.register(Beneficiary)
class BeneficiaryAdmin(admin.ModelAdmin):
    list_display = ["project", "reward", "position", "name", "kind", "share"]
    exclude = ["identifier_encrypted", "account_encrypted"]
    list_select_related = ["project"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(VerifiedFigures, RetainedTax)
class FactAdmin(ReadOnlyAdmin):
    list_display = ["__str__", "state", "entered_by", "verified_by", "verified_at"]
    list_filter = ["state"]
    list_select_related = ["project", "entered_by", "verified_by"]


admin.site.register(Objection, ReadOnlyAdmin)
