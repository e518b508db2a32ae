from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestorsConfig(AppConfig):
    name = "investors"
    verbose_name = _("Investors")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from projects.models import Project

        from . import notices, panels
        from .models import Interaction, Investor
        from .pagination import investor_counts
        from .services import on_project_saved

        notices.register()
        panels.register()
        # One company, one record: every project is linked to its company's record as it is saved.
        post_save.connect(on_project_saved, sender=Project, dispatch_uid="investors.link_project")
        for signal in (post_save, post_delete):
            signal.connect(investor_counts.bump, sender=Investor, dispatch_uid=f"investors.count.{signal}")
        for sender in (Project, Interaction):
            post_save.connect(
                panels.lead_figures.bump,
                sender=sender,
                dispatch_uid=f"investors.lead_figures.{sender.__name__}",
            )
