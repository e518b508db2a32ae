from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    name = "chains"
    verbose_name = _("Industry chains")

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from audit.labels import register_action_label
        from org.backends import permission_sets

        from .models import IndustryChain
        from .selectors import active_chains

        # A chain's chief may open the chain map: the navigation kept with the permission sets moves.
        for signal in (post_save, post_delete):
            signal.connect(permission_sets.bump, sender=IndustryChain, dispatch_uid=f"chains.chief.{signal}")
            signal.connect(active_chains.bump, sender=IndustryChain, dispatch_uid=f"chains.active.{signal}")

        register_action_label("chains.targets_imported", _("Chain target list imported"), with_state=False)
        register_action_label("chains.target_contacted", _("Chain target contacted"), with_state=False)
        register_action_label("chains.target_to_lead", _("Chain target made a lead"), with_state=False)
