"""Settings for the test run: real PostgreSQL and Redis (see README), unless the environment says otherwise.

The defaults go into os.environ before the portal's settings load, so a Celery worker started by the
tests inherits exactly the same configuration.
"""

import os

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/xianju")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/0")
os.environ.setdefault("CELERY_BROKER_URL", os.environ["REDIS_URL"])
# A queue and cache prefix of this run's own, so parallel runs never take each other's tasks.
os.environ.setdefault("CELERY_QUEUE", f"test-{os.getpid()}")
os.environ.setdefault("CACHE_KEY_PREFIX", f"test-{os.getpid()}")
# Playwright's sync API runs an event loop in the test thread; the ORM calls there are still sync.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
# Payee identifiers are encrypted with a key from the environment (incentives.crypto); a test key.
os.environ.setdefault("REWARDS_PAYEE_KEY", "dGVzdC1vbmx5LXBheWVlLWtleS0zMi1ieXRlcy0hISE=")

from xianju_invest.settings import *  # noqa: E402,F403
