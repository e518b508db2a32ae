from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from notifications.deadlines import register_deadline_source

        from . import services  # noqa: F401  (registers the decision guards)
        from .deadlines import open_project_deadlines

        register_deadline_source("projects.milestones", open_project_deadlines)
