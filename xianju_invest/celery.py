import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xianju_invest.settings")

app = Celery("xianju_invest")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.task(name="xianju_invest.ping")
def ping(value="pong"):
    """Round trip used by /healthz-style checks and the worker integration test."""
    return value
