"""Authentication backend whose permission sets are cached across requests.

Every page checks permissions for the navigation bar; Django's ModelBackend loads them with two
queries per request. Here they are kept in the cache under a global version that any change to
users' groups, users' own permissions or groups' permissions moves on, so a change of role takes
effect on the next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache

VERSION_KEY = "org:perms:version"


def permissions_changed(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


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
            user_key = f"org:perms:user:{user_obj.pk}"
            found = cache.get_many([VERSION_KEY, user_key])
            version = found.get(VERSION_KEY, 0)
            cached = found.get(user_key)
            if cached is not None and cached[0] == version:
                user_obj._perm_cache = cached[1]
            else:
                perms = super().get_all_permissions(user_obj)
                cache.set(user_key, (version, perms), 600)
        return user_obj._perm_cache
