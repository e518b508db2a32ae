from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Units and accounts")

    def ready(self):
        from django.contrib.auth.models import Group

        from .backends import permissions_changed, user_changed
        from .models import Unit, User
        from .roles import sync_role_groups
        from .tokens import revoke_tokens

        post_migrate.connect(sync_role_groups, dispatch_uid="org.sync_role_groups")
        for signal in (post_save, post_delete):
            signal.connect(user_changed, sender=User, dispatch_uid=f"org.user.{signal}")
            signal.connect(permissions_changed, sender=Unit, dispatch_uid=f"org.unit.{signal}")
        post_save.connect(revoke_tokens, sender=User, dispatch_uid="org.user.revoke_tokens")
        for relation in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(permissions_changed, sender=relation, dispatch_uid=f"org.perms.{relation}")
