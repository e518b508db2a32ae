from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from . import notices, panels, search

        notices.register()
        panels.register()
        search.register()
