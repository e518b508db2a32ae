"""API tokens die with the password they were obtained with, and with the account's deactivation."""

from rest_framework.authtoken.models import Token


def revoke_tokens(sender, instance, created=False, **kwargs):
    """post_save receiver for the user model. `_password` is set by set_password until the save ends."""
    if created:
        return
    if getattr(instance, "_password", None) is not None or not instance.is_active:
        Token.objects.filter(user=instance).delete()
