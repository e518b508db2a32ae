"""Reads: the inbox, the regular meeting agenda and the administrators' job pages."""

import datetime as dt
import heapq
import itertools

from django.contrib.auth import get_user_model
from django.db.models import Count, Max, Q
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from .deadlines import deadline_sources
from .enums import DeliveryStatus
from .models import Delivery, JobRun
from .sections import agenda_sections

AGENDA_LIMIT = 50  # rows per agenda section; the counts cover everything


def inbox_for(user):
    return user.notifications.all()


def unread_count(user):
    return user.notifications.unread().count()


def centre_audience():
    """Who receives the weekly digest: promotion staff and leaders."""
    User = get_user_model()
    return (
        User.objects.filter(is_active=True)
        .filter(
            Q(groups__permissions__codename="manage_pipeline") | Q(groups__permissions__codename="decide")
        )
        .distinct()
    )


def meeting_agenda(*, today=None, days=7):
    """The regular meeting (例会) agenda: one section per registered source (new leads, pending
    reviews, overdue items, red projects, ...), in their order.

    Each section is {"id", "title", "count": n, "items": [...first AGENDA_LIMIT]}; plain data, so it
    can go into an event payload and be rendered by the page and the email alike.
    """
    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days)
    sections = []
    for section in agenda_sections():
        count, items = section.source(today=today, since=since, limit=AGENDA_LIMIT)
        sections.append({"id": section.id, "title": str(section.title), "count": count, "items": items})
    return {"date": today.isoformat(), "since": since.isoformat(), "sections": sections}


def earliest_deadlines(deadlines, limit):
    """(how many, the `limit` earliest as agenda items) of an iterable of `Deadline`s."""
    counter = itertools.count()
    first = heapq.nsmallest(limit, zip(deadlines, counter, strict=False), key=lambda pair: pair[0].due)
    items = [{"title": d.title, "due": d.due.isoformat(), "url": d.url} for d, _ in first]
    return next(counter), items


def overdue_deadlines(*, today, since, limit):
    """The agenda's overdue section: every registered source's deadlines that have passed."""
    return earliest_deadlines((d for s in deadline_sources().values() for d in s() if d.due < today), limit)


def upcoming_deadlines(source_name):
    """An agenda section of one deadline source's deadlines still to come (e.g. pending reviews)."""

    def section(*, today, since, limit):
        source = deadline_sources().get(source_name)
        return earliest_deadlines((d for d in (source() if source else ()) if d.due >= today), limit)

    return section


def job_schedule():
    """The periodic jobs as django-celery-beat holds them, with when each last ran and how."""
    tasks = list(PeriodicTask.objects.select_related("crontab", "interval").order_by("name"))
    latest = JobRun.objects.filter(job__in=[t.task for t in tasks]).values("job").annotate(last=Max("pk"))
    last = {run.job: run for run in JobRun.objects.filter(pk__in=latest.values("last"))}
    return [(task, last.get(task.task)) for task in tasks]


def recent_runs(limit=50):
    return JobRun.objects.all()[:limit]


def failed_deliveries(limit=100):
    """Deliveries that kept failing, for administrators to see (and send again)."""
    return (
        Delivery.objects.filter(status=DeliveryStatus.FAILED)
        .select_related("event", "recipient")
        .order_by("-created_at")[:limit]
    )


def delivery_counts():
    """{status in words: how many deliveries}, in the order of the statuses."""
    counts = dict(Delivery.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {str(label): counts[value] for value, label in DeliveryStatus.choices if value in counts}
