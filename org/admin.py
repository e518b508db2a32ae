from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.translation import gettext_lazy as _

from .models import Unit, User


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "is_fixed_reviewer", "review_order", "head", "is_active"]
    list_filter = ["kind", "is_fixed_reviewer", "is_active"]
    list_editable = ["is_fixed_reviewer", "review_order", "is_active"]
    search_fields = ["name", "code", "short_name"]
    autocomplete_fields = ["head"]


@admin.register(User)
class PortalUserAdmin(UserAdmin):
    list_display = ["username", "last_name", "first_name", "unit", "is_active", "is_staff"]
    list_filter = ["unit__kind", "groups", "is_active"]
    list_select_related = ["unit"]
    search_fields = ["username", "first_name", "last_name", "unit__name"]
    autocomplete_fields = ["unit"]
    fieldsets = UserAdmin.fieldsets + ((_("Unit"), {"fields": ("unit", "mobile")}),)
    add_fieldsets = UserAdmin.add_fieldsets + ((_("Unit"), {"fields": ("unit", "groups")}),)
