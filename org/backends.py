"""Authentication backend whose users and permission sets are cached across requests.

Every page loads the signed-in user with their unit and checks permissions for the navigation bar:
three queries per request with Django's ModelBackend. Here the user (unit and permission set
included) is kept in the cache under a global version that any change to units, users' groups,
users' own permissions or groups' permissions moves on; saving or deleting a user drops their
entry. A change of role, unit or password takes effect on the next request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "org:perms:version"


def permissions_changed(**kwargs):
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 1, None)


USER_TTL = 600


def _user_key(user_id):
    return f"org:user:{user_id}"


def user_changed(sender, instance, **kwargs):
    """post_save / post_delete receiver for the user model: now, and again after the commit
    (another request may have cached the old row in between)."""
    key = _user_key(instance.pk)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))


class CachedPermissionBackend(ModelBackend):
    def get_user(self, user_id):
        key = _user_key(user_id)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY, 0)
        cached = found.get(key)
        if cached is not None and cached[0] == version:
            user = cached[1]
        else:
            # Every page shows the user's unit: load it with the user, in one query.
            user_model = get_user_model()
            try:
                user = user_model._default_manager.select_related("unit").get(pk=user_id)
            except user_model.DoesNotExist:
                return None
            self.get_all_permissions(user)  # kept on the user, so cached with it
            cache.set(key, (version, user), USER_TTL)
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
