"""What notifications shows administrators on the home page (registered from its AppConfig.ready):
deliveries that kept failing and scheduled jobs that failed, read like the jobs page. The same for
every administrator, kept in `failure_figures`, moved by every save or deletion of a delivery or a
job run, and by `delivery_retry_now` (a bulk update)."""

import datetime as dt

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org import permissions as can
from xianju_invest.cache import VersionedCache
from xianju_invest.panels import register_panel

from .enums import Channel, DeliveryStatus, RunOutcome
from .models import Delivery, JobRun

ROWS = 5
failure_figures = VersionedCache(
    "notifications:home",
    timeout=60,
    moved_by="post_save / post_delete of Delivery and JobRun; delivery_retry_now; other writes that "
    "bypass signals: the one-minute expiry",
)


def failed_deliveries(user, *, today):
    """Failed deliveries (count and latest) and job runs that failed this past week. Four queries."""
    failed = Delivery.objects.filter(status=DeliveryStatus.FAILED)
    since = timezone.now() - dt.timedelta(days=7)
    runs = JobRun.objects.filter(outcome=RunOutcome.FAILURE, started_at__gte=since)
    delivery_rows = list(failed.order_by("-created_at").values("pk", "channel", "created_at")[:ROWS])
    for row in delivery_rows:
        row["channel_label"] = Channel(row["channel"]).label if row["channel"] in Channel.values else ""
    return {
        "deliveries": failed.count(),
        "delivery_rows": delivery_rows,
        "failed_runs": runs.count(),
        "run_rows": list(runs.order_by("-started_at").values("pk", "job", "started_at")[:ROWS]),
        "url": reverse("notifications:jobs"),
    }


def register():
    for model in (Delivery, JobRun):
        for signal in (post_save, post_delete):
            uid = f"notifications.home.{model.__name__}"
            signal.connect(failure_figures.bump, sender=model, dispatch_uid=uid)
    register_panel(
        "notifications.failures",
        title=_("Failed deliveries and jobs"),
        order=60,
        template="notifications/panels/failures.html",
        visible=can.is_administrator,
        source=failed_deliveries,
        cache=failure_figures,
        shared=True,
    )
