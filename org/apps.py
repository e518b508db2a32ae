from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "org"
    verbose_name = _("Units and accounts")

    def ready(self):
        from django.contrib.auth.models import Group, Permission

        from .backends import permission_sets
        from .models import User
        from .roles import sync_role_groups
        from .tokens import revoke_tokens

        post_migrate.connect(sync_role_groups, dispatch_uid="org.sync_role_groups")
        post_save.connect(revoke_tokens, sender=User, dispatch_uid="org.user.revoke_tokens")
        for model in (Group, Permission):
            post_delete.connect(
                permission_sets.bump, sender=model, dispatch_uid=f"org.perms.{model.__name__}"
            )
        for relation in (User.groups.through, User.user_permissions.through, Group.permissions.through):
            m2m_changed.connect(permission_sets.bump, sender=relation, dispatch_uid=f"org.perms.{relation}")
