"""Tests of the embedded database, run by `make test` on SQLite and on PostgreSQL alike.

The SQLite run (Makefile: SQLITE_TESTS) takes this folder and whatever else the Makefile lists;
a test that only means something on one database says so with the markers below.
"""

import pytest
from django.conf import settings

ON_SQLITE = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
sqlite_only = pytest.mark.skipif(not ON_SQLITE, reason="about the embedded SQLite database")
postgres_only = pytest.mark.skipif(ON_SQLITE, reason="needs PostgreSQL as the test database")
