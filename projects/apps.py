from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from notifications.deadlines import register_deadline_source

        from . import caches, notices, panels, search, services  # noqa: F401  (services registers the decision guards)
        from .deadlines import open_project_deadlines
        from .models import Project

        register_deadline_source("projects.milestones", open_project_deadlines)
        notices.register()
        panels.register()
        search.register()
        caches.connect()
        for signal in (post_save, post_delete):
            signal.connect(
                panels.home_figures.bump, sender=Project, dispatch_uid=f"projects.home_figures.{signal}"
            )
