from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from django.db.models.signals import post_delete

        from notifications.deadlines import register_deadline_source

        from . import services  # noqa: F401  (registers the decision guards)
        from .deadlines import open_project_deadlines
        from .models import Project
        from .pagination import project_deleted

        register_deadline_source("projects.milestones", open_project_deadlines)
        post_delete.connect(project_deleted, sender=Project, dispatch_uid="projects.ledger_count")
