from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ScoringConfig(AppConfig):
    name = "scoring"
    verbose_name = _("Unit scoring")

    def ready(self):
        from . import (
            messages,  # noqa: F401 - registers the texts of the scoring events
            panels,
        )

        panels.register()
        self._connect_drilldown_cache()

    def _connect_drilldown_cache(self):
        from django.apps import apps
        from django.db.models.signals import post_delete, post_save

        from .selectors import DRILLDOWN_MOVED_BY, drilldown_cache

        def bump_for_project_rows(sender, instance, **kwargs):
            if instance.project_id is not None:  # scoring reads a project's audit rows only
                drilldown_cache.bump()

        for label in DRILLDOWN_MOVED_BY:
            model = apps.get_model(label)
            receiver = bump_for_project_rows if label == "audit.AuditEntry" else drilldown_cache.bump
            for signal in (post_save, post_delete):
                # weak=False: the local function has no other owner; held weakly it is collected
                # once ready() returns (DEBUG's signature cache alone kept it alive in development).
                signal.connect(
                    receiver, sender=model, weak=False, dispatch_uid=f"scoring.drilldown.{label}.{signal}"
                )
