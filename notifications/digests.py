"""Daily status lights and the weekly digest / regular meeting agenda, as outbox events."""

import itertools

from django.urls import reverse
from django.utils import timezone

from .enums import EventKind
from .selectors import centre_audience, meeting_agenda
from .services import event_emit, events_emit_many


def status_lights_sweep(*, today=None, chunk_size=1000):
    """Tell the project's people once when it turns red (once per overdue date); idempotent."""
    from org.models import Unit
    from projects.deadlines import project_url_pattern
    from projects.enums import Light
    from projects.models import Project
    from projects.selectors import annotate_lights

    today = today or timezone.localdate()
    centre_head = Unit.objects.filter(code="touchu").values_list("head_id", flat=True).first()
    url_pattern = project_url_pattern()
    rows = (
        annotate_lights(Project.objects.all(), today=today)
        .filter(light=Light.RED)
        .order_by("pk")
        .values_list("pk", "name", "next_due", "service_cadre_id", "responsible_unit__head_id")
        .iterator(chunk_size=chunk_size)
    )
    created = 0
    while chunk := list(itertools.islice(rows, chunk_size)):
        created += events_emit_many(
            (
                EventKind.PROJECT_RED,
                f"project.turned_red:{pk}:{due.isoformat()}",
                {"project_id": pk, "name": name, "due": due, "url": url_pattern.format(pk=pk)},
                (cadre, head, centre_head),
            )
            for pk, name, due, cadre, head in chunk
        )
    return {"turned_red": created}


def weekly_digest_send(*, today=None):
    """Email (and file in the inbox) the week's agenda to the centre, once per ISO week."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    agenda = meeting_agenda(today=today)
    agenda["url"] = reverse("notifications:agenda")
    _, created = event_emit(
        kind=EventKind.WEEKLY_DIGEST,
        key=f"digest.weekly:{year}-W{week:02d}",
        payload=agenda,
        recipients=list(centre_audience()),
    )
    return {"sent": created, "week": f"{year}-W{week:02d}"}
