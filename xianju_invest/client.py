"""The client's address, the one function that axes, the rate limits and the logs ask.

Behind the TLS proxy every request comes from the proxy. Only when the peer is one of
TRUSTED_PROXIES is X-Forwarded-For believed, read from the right: the first address not itself a
trusted proxy is the client. Without TRUSTED_PROXIES the header is ignored, so nobody can pick
their own address by sending it.
"""

import ipaddress
from functools import cache

from django.conf import settings


@cache
def _trusted(proxies):
    return tuple(ipaddress.ip_network(p, strict=False) for p in proxies)


def _is_trusted(address):
    if not address:
        return False
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in _trusted(tuple(settings.TRUSTED_PROXIES)))


def client_address(request):
    """The client's address, or None when the request has none (a test's force_login)."""
    peer = request.META.get("REMOTE_ADDR")
    if not settings.TRUSTED_PROXIES or not _is_trusted(peer):
        return peer
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
    for hop in reversed(hops):
        try:
            ipaddress.ip_address(hop)
        except ValueError:
            break  # a forged or broken entry: believe no further
        if not _is_trusted(hop):
            return hop
        peer = hop
    return peer
