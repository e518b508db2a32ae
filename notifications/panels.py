"""What notifications shows administrators on the home page (registered from its AppConfig.ready):
deliveries that kept failing and scheduled jobs that failed, read like the jobs page."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from org import permissions as can
from xianju_invest.panels import register_panel

from .enums import Channel, DeliveryStatus, RunOutcome
from .models import Delivery, JobRun

ROWS = 5


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
    register_panel(
        "notifications.failures",
        title=_("Failed deliveries and jobs"),
        order=60,
        template="notifications/panels/failures.html",
        visible=can.is_administrator,
        source=failed_deliveries,
    )
