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
