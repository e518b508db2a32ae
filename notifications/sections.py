"""What the apps above contribute to the regular meeting agenda and to the daily alerts.

Notifications knows no domain app. Each app registers, in its AppConfig.ready, the agenda sections
it fills and the alerts it raises, as it registers its deadline sources:

    register_agenda_section("new-leads", title=gettext_lazy("New leads"), order=10, source=new_leads)
    register_alert_source("turned_red", projects_turned_red)

An agenda section's source is `source(*, today, since, limit) -> (count, items)`, each item a dict
{"title", "due" (ISO date or ""), "url"}: plain data, so the agenda can go into an event payload.
An alert source is `source(*, today)` yielding (kind, key, payload, recipient ids); a key is
recorded once, so an alert is told once however often the sweep runs.
"""

from dataclasses import dataclass

_SECTIONS = {}
_ALERTS = {}


@dataclass(frozen=True)
class AgendaSection:
    id: str
    title: object  # a lazy translation, shown in the reader's language
    order: int
    source: object


def register_agenda_section(section_id, *, title, order, source):
    _SECTIONS[section_id] = AgendaSection(section_id, title, order, source)


def agenda_sections():
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.id))


def register_alert_source(name, source):
    _ALERTS[name] = source


def alert_sources():
    return dict(_ALERTS)
