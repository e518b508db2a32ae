"""Authentication backend whose permission sets are cached across requests.

The signed-in user's row (with their unit) is read on every request, so deactivating a user, by
`save()` or by a bulk `.update(is_active=False)`, ends their access at their next request, and a
changed password ends their other sessions. Their permission set (the navigation bar checks a
dozen) is cached under a version that any change of a user's groups, a user's own permissions, a
group's permissions, or a deletion of a group or permission moves on; the key carries the user's
superuser flag, which lives on the row.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

from xianju_invest.cache import VersionedCache

permission_sets = VersionedCache(
    "org:perms",
    timeout=600,
    moved_by="m2m changes of User.groups, User.user_permissions and Group.permissions; deleting a "
    "Group or Permission; saving or deleting an IndustryChain (its chief may open the chain map: the "
    "navigation's entries are kept here too, org.navigation); writes that bypass signals: the "
    "ten-minute expiry",
)


class CachedPermissionBackend(ModelBackend):
    def get_user(self, user_id):
        # Every page shows the user's unit: load it with the user, in one query.
        user_model = get_user_model()
        try:
            user = user_model._default_manager.select_related("unit").get(pk=user_id)
        except user_model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            key = f"{user_obj.pk}:{int(user_obj.is_superuser)}"
            user_obj._perm_cache = permission_sets.get_or_set(
                key, lambda: super(CachedPermissionBackend, self).get_all_permissions(user_obj)
            )
        return user_obj._perm_cache
