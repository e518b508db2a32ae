from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        from audit.labels import register_action_label

        from . import panels
        from .sections import register_agenda_section
        from .selectors import overdue_deadlines

        panels.register()
        register_action_label("notification.delivery_retried", _("Delivery sent again"), with_state=False)
        register_agenda_section("overdue", title=_("Overdue items"), order=30, source=overdue_deadlines)
