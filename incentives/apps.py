from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IncentivesConfig(AppConfig):
    name = "incentives"
    verbose_name = _("Rewards and scoring")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import notices, panels
        from .models import Installment

        notices.register()
        panels.register()
        from .selectors import register_totals_cache

        for signal in (post_save, post_delete):
            signal.connect(
                register_totals_cache.bump, sender=Installment, dispatch_uid=f"incentives.register.{signal}"
            )
