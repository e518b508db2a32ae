"""Payee identifiers encrypted at rest (Fernet) with a key from the environment.

REWARDS_PAYEE_KEY holds one or more Fernet keys separated by commas (the first encrypts; all decrypt,
so a key can be rotated). Only a DEBUG (demo) run falls back to a fixed demo key.
"""

import base64
import functools
import hashlib
import os

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

DEMO_KEY = base64.urlsafe_b64encode(hashlib.sha256(b"xianju-demo-payee-key").digest())


@functools.cache
def _fernet():
    keys = [k.strip() for k in os.environ.get("REWARDS_PAYEE_KEY", "").split(",") if k.strip()]
    if not keys:
        if not settings.DEBUG:
            raise ImproperlyConfigured("REWARDS_PAYEE_KEY must be set when DEBUG=0")
        keys = [DEMO_KEY]
    return MultiFernet([Fernet(k) for k in keys])


def encrypt(value):
    value = str(value or "").strip()
    return _fernet().encrypt(value.encode()).decode("ascii") if value else ""


def decrypt(token):
    if not token:
        return ""
    try:
        return _fernet().decrypt(token.encode("ascii")).decode()
    except InvalidToken:
        return "?"


def mask(value):
    """All but the last four characters hidden."""
    if not value:
        return ""
    return "*" * max(len(value) - 4, 2) + value[-4:]
