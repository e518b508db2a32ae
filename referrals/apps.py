from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")

    def ready(self):
        from django.contrib.auth import get_user_model
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from . import notices, panels, search
        from .services import forget_triage_recipients

        notices.register()
        panels.register()
        search.register()

        User = get_user_model()
        # The cached list of triage staff must never name a deleted user (the event's recipients
        # table has a foreign key to it), and should follow role changes.
        post_delete.connect(forget_triage_recipients, sender=User, dispatch_uid="referrals-user-deleted")
        post_save.connect(forget_triage_recipients, sender=User, dispatch_uid="referrals-user-saved")
        m2m_changed.connect(
            forget_triage_recipients, sender=User.groups.through, dispatch_uid="referrals-user-groups"
        )
