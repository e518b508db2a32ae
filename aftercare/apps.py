from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AftercareConfig(AppConfig):
    name = "aftercare"
    verbose_name = _("Enterprise requests")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from projects.models import Project

        from . import notices, panels
        from .models import ProjectDeputy, RequestAssignment, ServiceRequest
        from .pagination import request_counts

        notices.register()
        panels.register()
        # The lists' cached counts: a request's state, its units, a project's cadre or name.
        for sender in (ServiceRequest, RequestAssignment, ProjectDeputy, Project):
            for signal in (post_save, post_delete):
                signal.connect(
                    request_counts.bump,
                    sender=sender,
                    dispatch_uid=f"aftercare.list_count.{sender.__name__}.{signal}",
                )
