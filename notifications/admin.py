from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .enums import DeliveryStatus
from .models import Delivery, Event, JobRun, NotificationPreference, ReminderPolicy
from .services import delivery_retry_now


@admin.register(ReminderPolicy)
class ReminderPolicyAdmin(admin.ModelAdmin):
    list_display = ["effective_from", "reminder_workdays", "escalation_workdays", "note"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "created_at", "dispatched_at"]
    list_filter = ["kind"]
    search_fields = ["key"]
    readonly_fields = ["kind", "key", "payload", "audience", "recipients", "created_at", "dispatched_at"]

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["event", "recipient", "channel", "status", "attempts", "sent_at", "next_attempt_at"]
    list_filter = ["status", "channel"]
    search_fields = ["event__key", "recipient__username"]
    list_select_related = ["event", "recipient"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Send the failed deliveries again"))
    def send_again(self, request, queryset):
        n = sum(
            delivery_retry_now(delivery=d, by=request.user)
            for d in queryset.filter(status=DeliveryStatus.FAILED)
        )
        self.message_user(request, _("%(n)d deliveries queued again.") % {"n": n})


@admin.register(JobRun)
class JobRunAdmin(admin.ModelAdmin):
    list_display = ["job", "started_at", "finished_at", "outcome"]
    list_filter = ["outcome", "job"]
    readonly_fields = [f.name for f in JobRun._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "email", "chat"]
    list_filter = ["email", "chat"]
