"""Abuse protections for the public side: per-address counters in the shared (Redis) cache.

Counters live in settings.CACHES["default"], which is Redis whenever REDIS_URL is set, so every
gunicorn worker and every server sees the same counts. REFERRAL_ABUSE_CHECKS=False lifts the
limits and the captcha (benchmarks, property-based tests); the honeypot and size limits stay.
"""

from django.conf import settings
from django.core.cache import cache

from xianju_invest.client import client_address

SUBMIT_WINDOW = 60 * 60  # submissions per address per hour
STATUS_WINDOW = 10 * 60  # status look-ups per address per 10 minutes
CAPTCHA_WINDOW = 24 * 60 * 60  # accepted submissions per address per day before a captcha


def checks_enabled():
    return getattr(settings, "REFERRAL_ABUSE_CHECKS", True)


def submit_limit():
    return getattr(settings, "REFERRAL_SUBMIT_LIMIT", 20)


def status_limit():
    return getattr(settings, "REFERRAL_STATUS_LIMIT", 20)


def captcha_after():
    return getattr(settings, "REFERRAL_CAPTCHA_AFTER", 3)


def _hit(key, window):
    """Count one event in a fixed window; returns the count including this one."""
    if cache.add(key, 1, timeout=window):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window)
        return 1


def submit_allowed(request):
    """Count one submission attempt; False once the address passed its hourly limit."""
    if not checks_enabled():
        return True
    return _hit(f"referrals:submit:{client_address(request)}", SUBMIT_WINDOW) <= submit_limit()


def status_allowed(request):
    if not checks_enabled():
        return True
    return _hit(f"referrals:status:{client_address(request)}", STATUS_WINDOW) <= status_limit()


def captcha_required(request):
    """After a few accepted reports from one address, further ones need a captcha."""
    if not checks_enabled():
        return False
    return (cache.get(f"referrals:accepted:{client_address(request)}") or 0) >= captcha_after()


def note_accepted(request):
    if checks_enabled():
        _hit(f"referrals:accepted:{client_address(request)}", CAPTCHA_WINDOW)


def request_too_large(request):
    from .validators import request_max_bytes

    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > request_max_bytes()
