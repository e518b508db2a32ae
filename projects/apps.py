from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from notifications.deadlines import register_deadline_source

        from . import services  # noqa: F401  (registers the decision guards)
        from .deadlines import open_project_deadlines
        from .models import Project
        from .pagination import ledger_changed

        register_deadline_source("projects.milestones", open_project_deadlines)
        for signal in (post_save, post_delete):
            signal.connect(ledger_changed, sender=Project, dispatch_uid=f"projects.ledger_count.{signal}")
