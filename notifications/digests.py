"""The daily alerts (status lights and whatever else apps register) and the weekly digest /
regular meeting agenda, as outbox events."""

import itertools

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from .enums import EventKind
from .sections import alert_sources
from .selectors import centre_audience, meeting_agenda
from .services import event_emit, events_emit_many


def status_lights_sweep(*, today=None, chunk_size=1000):
    """Raise every registered alert (e.g. a project turning red) once; idempotent.

    Returns how many new events each alert source raised, by its name."""
    today = today or timezone.localdate()
    created = {}
    for name, source in alert_sources().items():
        alerts = iter(source(today=today))
        created[name] = 0
        while chunk := list(itertools.islice(alerts, chunk_size)):
            created[name] += events_emit_many(chunk)
    return created


def weekly_digest_send(*, today=None):
    """Email (and file in the inbox) the week's agenda to the centre, once per ISO week."""
    today = today or timezone.localdate()
    year, week, _ = today.isocalendar()
    with translation.override(settings.LANGUAGE_CODE):  # the section titles go into the payload
        agenda = meeting_agenda(today=today)
    agenda["url"] = reverse("notifications:agenda")
    _, created = event_emit(
        kind=EventKind.WEEKLY_DIGEST,
        key=f"digest.weekly:{year}-W{week:02d}",
        payload=agenda,
        recipients=list(centre_audience()),
    )
    return {"sent": created, "week": f"{year}-W{week:02d}"}
