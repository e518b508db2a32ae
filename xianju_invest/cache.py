"""The portal's cache: Django's Redis cache keeping one Redis client per connection pool, and the
one helper for caches that a change must invalidate (`VersionedCache`).

Django builds a new `redis.Redis` object for every cache operation (~0.17 ms each here, more than
the round trip itself); every page makes a few cache reads (session, permissions, calendar), so
the clients are kept. A `redis.Redis` client is safe to share between threads.
"""

import secrets

from django.core.cache import cache
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.db import transaction


class ReusedClientRedisCacheClient(RedisCacheClient):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        index = self._get_connection_pool_index(write)
        client = self._clients.get(index)
        if client is None:
            client = self._clients[index] = self._client(connection_pool=self._get_connection_pool(write))
        return client


class PortalRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._class = ReusedClientRedisCacheClient


class VersionedCache:
    """Values cached under a named version: `bump()` makes every entry stale at once.

    Each cache says what moves it (`moved_by`, listed in docs/architecture.md): usually signal
    receivers that call `bump`, plus an expiry for writes that bypass the signals. `bump` moves the
    version at once (for the saving connection's own next read) and again after the commit (anyone
    who recomputed in between read the old rows).
    """

    def __init__(self, name, *, timeout, moved_by):
        self.name = name
        self.timeout = timeout
        self.moved_by = moved_by
        self.version_key = f"{name}:version"
        VERSIONED_CACHES[name] = self

    def _move(self):
        # A new random version, written in one cache operation: Django's Redis `incr` is two round
        # trips (EXISTS, then INCR) and a bump moves twice. Entries are only compared with the
        # version for equality, and unlike a counter restarting at 1, an evicted version cannot
        # come back to match entries stored under it before.
        cache.set(self.version_key, secrets.randbits(62) + 1, None)

    def bump(self, **signal_kwargs):
        """Make every entry stale; usable as a signal receiver."""
        self._move()
        transaction.on_commit(self._move)

    def current_version(self):
        """The version entries are kept under now: drawn fragments (`{% cache %}`) key on it."""
        return cache.get(self.version_key, 0)

    def fragment_key(self, *parts):
        """A drawn fragment's key: the current version, then what else the fragment depends on."""
        return ":".join(map(str, (self.current_version(), *parts)))

    def get_or_set(self, key, compute):
        """The value under `key` at the current version, computing (and storing) it if missing."""
        full_key = f"{self.name}:{key}"
        found = cache.get_many([self.version_key, full_key])
        version = found.get(self.version_key, 0)
        cached = found.get(full_key)
        if cached is not None and cached[0] == version:
            return cached[1]
        value = compute()
        cache.set(full_key, (version, value), self.timeout)
        return value


def get_many_or_set(requests):
    """Several `VersionedCache.get_or_set` in one cache round trip (and one more to store what was
    missing): `requests` is [(versioned cache, key, compute)]; returns the values in that order."""
    if not requests:
        return []
    version_keys = {vc.version_key for vc, _key, _compute in requests}
    full_keys = [f"{vc.name}:{key}" for vc, key, _compute in requests]
    found = cache.get_many([*version_keys, *full_keys])
    values, missing = [], {}
    for (vc, _key, compute), full_key in zip(requests, full_keys, strict=True):
        version = found.get(vc.version_key, 0)
        cached = found.get(full_key)
        if cached is not None and cached[0] == version:
            values.append(cached[1])
            continue
        value = compute()
        values.append(value)
        missing.setdefault(vc.timeout, {})[full_key] = (version, value)
    for timeout, entries in missing.items():
        cache.set_many(entries, timeout)
    return values


VERSIONED_CACHES = {}
_process_memos = []


def register_process_memo(forget):
    """A per-process memo's `forget()`: tests start with every one of them empty."""
    _process_memos.append(forget)
    return forget


def forget_process_memos():
    for forget in _process_memos:
        forget()
