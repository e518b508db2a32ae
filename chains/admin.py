from django.contrib import admin

from .models import ChainLink, IndustryChain, LinkStatePolicy, Target, TargetList


class ChainLinkInline(admin.TabularInline):
    model = ChainLink
    fk_name = "chain"
    fields = ["name", "parent", "position", "industry_codes", "order"]
    extra = 0


@admin.register(IndustryChain)
class IndustryChainAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "platform", "strategy", "chief", "leader_firm", "is_active"]
    list_filter = ["platform", "strategy", "is_active"]
    filter_horizontal = ["task_force"]
    raw_id_fields = ["leader_firm"]
    inlines = [ChainLinkInline]


@admin.register(ChainLink)
class ChainLinkAdmin(admin.ModelAdmin):
    list_display = ["name", "chain", "level", "position", "industry_codes"]
    list_filter = ["chain", "position", "level"]
    list_select_related = ["chain"]
    search_fields = ["name", "industry_codes"]


@admin.register(LinkStatePolicy)
class LinkStatePolicyAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "weak_below_firms", "open_project_fills_gap", "note"]


@admin.register(TargetList)
class TargetListAdmin(admin.ModelAdmin):
    list_display = ["name", "chain", "source", "imported_by", "imported_at"]
    list_filter = ["chain", "source"]

    def has_add_permission(self, request):
        return False  # lists arrive through the import, which checks every row


@admin.register(Target)
class TargetAdmin(admin.ModelAdmin):
    list_display = ["name", "chain_link", "owner", "contacted_on", "project"]
    list_select_related = ["chain_link__chain", "owner", "project"]
    search_fields = ["name", "credit_code"]
    readonly_fields = ["target_list", "investor", "chain_link", "name", "credit_code", "project"]
    raw_id_fields = ["owner"]

    def has_add_permission(self, request):
        return False
