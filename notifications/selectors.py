"""Reads: the inbox, the regular meeting agenda and the administrators' job pages."""

import datetime as dt
import heapq
import itertools

from django.contrib.auth import get_user_model
from django.db.models import Count, Q
from django.utils import timezone
from django_celery_beat.models import PeriodicTask

from .deadlines import deadline_sources
from .enums import DeliveryStatus
from .models import Delivery, JobRun

AGENDA_LIMIT = 50  # rows per agenda section; the counts cover everything
REVIEW_SOURCE = "reviews.opinions"  # its open deadlines are the pending reviews


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
    """The regular meeting (例会) agenda: new leads, pending reviews, overdue items, red projects.

    Each section is {"count": n, "items": [...first AGENDA_LIMIT]}; plain data, so it can go into an
    event payload and be rendered by the page and the email alike.
    """
    from projects.deadlines import project_url_pattern
    from projects.enums import Light, ProjectState
    from projects.models import Project
    from projects.selectors import annotate_lights

    today = today or timezone.localdate()
    since = today - dt.timedelta(days=days)
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))

    leads = Project.objects.filter(created_at__gte=start, state=ProjectState.LEAD).order_by("-created_at")
    red = annotate_lights(Project.objects.all(), today=today).filter(light=Light.RED).order_by("next_due")

    sections = {"pending": [], "overdue": []}  # bounded max-heaps: the AGENDA_LIMIT earliest of each
    counts = {"pending": 0, "overdue": 0}
    seq = itertools.count()
    for name, source in deadline_sources().items():
        for deadline in source():
            if deadline.due < today:
                section = "overdue"
            elif name == REVIEW_SOURCE:
                section = "pending"
            else:
                continue
            counts[section] += 1
            item = {"title": deadline.title, "due": deadline.due.isoformat(), "url": deadline.url}
            heapq.heappush(sections[section], (-deadline.due.toordinal(), -next(seq), item))
            if len(sections[section]) > AGENDA_LIMIT:
                heapq.heappop(sections[section])
    pending, overdue = ([entry[2] for entry in sorted(heap, reverse=True)] for heap in sections.values())

    url_pattern = project_url_pattern()

    def projects(qs):
        return [
            {
                "title": p.name,
                "due": p.next_due.isoformat() if getattr(p, "next_due", None) else "",
                "url": url_pattern.format(pk=p.pk),
            }
            for p in qs[:AGENDA_LIMIT]
        ]

    return {
        "date": today.isoformat(),
        "since": since.isoformat(),
        "new_leads": {"count": leads.count(), "items": projects(leads)},
        "pending_reviews": {"count": counts["pending"], "items": pending},
        "overdue": {"count": counts["overdue"], "items": overdue},
        "red_projects": {"count": red.count(), "items": projects(red)},
    }


def job_schedule():
    """The periodic jobs as django-celery-beat holds them, with when each last ran and how."""
    tasks = list(PeriodicTask.objects.select_related("crontab", "interval").order_by("name"))
    last = {}
    for run in (
        JobRun.objects.filter(job__in=[t.task for t in tasks]).order_by("job", "-started_at").distinct("job")
    ):
        last[run.job] = run
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
    return dict(Delivery.objects.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
