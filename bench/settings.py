"""Production settings (DEBUG=0) for benchmark servers, with one change: static files are served
unhashed, so no collectstatic run is needed (the benchmarks never fetch static files)."""

from xianju_invest.settings import *  # noqa: F403
from xianju_invest.settings import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
# Static files straight from the apps' folders (no collectstatic), for browsers on a bench server.
WHITENOISE_USE_FINDERS = True
# The portal's URLs plus the benchmarks' baseline view `/bench/trivial`.
ROOT_URLCONF = "bench.urls"
