from django.contrib import admin
from django.utils import timezone

from .models import (
    BoardSnapshot,
    Bundle,
    BundleMember,
    CategoryWeight,
    Challenge,
    ChallengeClaim,
    ScoreAdjustment,
    ScoringPolicy,
    SizeClass,
    SnapshotRow,
)


def _in_force(policy):
    return policy is not None and policy.pk is not None and policy.effective_from <= timezone.localdate()


class FrozenOnceInForce:
    """A version in force has scored events: it is read-only; change the rules by a new version."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not _in_force(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not _in_force(obj)


class SizeClassInline(FrozenOnceInForce, admin.TabularInline):
    model = SizeClass
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _in_force(obj)


class CategoryWeightInline(FrozenOnceInForce, admin.TabularInline):
    model = CategoryWeight
    extra = 0

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not _in_force(obj)


@admin.register(ScoringPolicy)
class ScoringPolicyAdmin(FrozenOnceInForce, admin.ModelAdmin):
    """A new version takes effect from its date; earlier events keep the version of their day."""

    list_display = ["name", "effective_from", "lead", "lead_cap", "tier_a_percent", "tier_b_percent"]
    inlines = [SizeClassInline, CategoryWeightInline]


class BundleMemberInline(admin.TabularInline):
    model = BundleMember
    extra = 0


@admin.register(Bundle)
class BundleAdmin(admin.ModelAdmin):
    list_display = ["name", "year"]
    list_filter = ["year"]
    inlines = [BundleMemberInline]


@admin.register(ScoreAdjustment)
class ScoreAdjustmentAdmin(admin.ModelAdmin):
    """Read-only here: adjustments are entered on the league-table page, which audits them."""

    list_display = ["unit", "on", "points", "reason", "created_by"]
    list_filter = ["unit__kind"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ChallengeClaimInline(admin.TabularInline):
    model = ChallengeClaim
    extra = 0
    readonly_fields = ["unit", "project", "claimed_by", "claimed_at"]


@admin.register(Challenge)
class ChallengeAdmin(admin.ModelAdmin):
    list_display = ["title", "deadline", "bonus", "state"]
    list_filter = ["state"]
    readonly_fields = ["state", "won_by", "won_on"]
    inlines = [ChallengeClaimInline]


class SnapshotRowInline(admin.TabularInline):
    model = SnapshotRow
    extra = 0
    can_delete = False
    readonly_fields = ["group", "unit", "score", "rank", "tier", "lifted", "red", "black"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BoardSnapshot)
class BoardSnapshotAdmin(admin.ModelAdmin):
    """Frozen boards are history: shown, never edited."""

    list_display = ["period_kind", "period_start", "frozen_at"]
    inlines = [SnapshotRowInline]

    def has_change_permission(self, request, obj=None):
        return False
