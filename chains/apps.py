from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChainsConfig(AppConfig):
    name = "chains"
    verbose_name = _("Industry chains")

    def ready(self):
        from audit.labels import register_action_label

        register_action_label("chains.targets_imported", _("Chain target list imported"), with_state=False)
        register_action_label("chains.target_contacted", _("Chain target contacted"), with_state=False)
        register_action_label("chains.target_to_lead", _("Chain target made a lead"), with_state=False)
