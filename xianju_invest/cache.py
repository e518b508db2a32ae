"""Django's Redis cache, keeping one Redis client per connection pool.

Django builds a new `redis.Redis` object for every cache operation (~0.17 ms each here, more than
the round trip itself); every page makes a few cache reads (session, permissions, calendar), so
the clients are kept. A `redis.Redis` client is safe to share between threads.
"""

from django.core.cache.backends.redis import RedisCache, RedisCacheClient


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
