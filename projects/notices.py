"""What the ledger tells the notifications layer: its agenda sections and the red-light alert.

Registered in ProjectsConfig.ready; notifications itself knows nothing of projects.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from audit.labels import register_action_label, register_state_choices
from notifications.enums import EventKind
from notifications.messages import Message, register_event_message
from notifications.sections import register_agenda_section, register_alert_source

from .deadlines import project_url_pattern
from .enums import Light, ProjectState
from .models import Project
from .selectors import annotate_lights


def _items(queryset, limit):
    url_pattern = project_url_pattern()
    return [
        {
            "title": p.name,
            "due": p.next_due.isoformat() if getattr(p, "next_due", None) else "",
            "url": url_pattern.format(pk=p.pk),
        }
        for p in queryset[:limit]
    ]


def new_leads(*, today, since, limit):
    start = timezone.make_aware(dt.datetime.combine(since, dt.time.min))
    leads = Project.objects.filter(created_at__gte=start, state=ProjectState.LEAD).order_by("-created_at")
    return leads.count(), _items(leads, limit)


def red_projects(*, today, since, limit):
    red = annotate_lights(Project.objects.all(), today=today).filter(light=Light.RED).order_by("next_due")
    return red.count(), _items(red, limit)


def turned_red(*, today):
    """Tell the project's people once when it turns red (once per overdue date)."""
    from org.models import Unit

    centre_head = Unit.objects.filter(code="touchu").values_list("head_id", flat=True).first()
    url_pattern = project_url_pattern()
    rows = (
        annotate_lights(Project.objects.all(), today=today)
        .filter(light=Light.RED)
        .order_by("pk")
        .values_list("pk", "name", "next_due", "service_cadre_id", "responsible_unit__head_id")
        .iterator(chunk_size=1000)
    )
    for pk, name, due, cadre, head in rows:
        yield (
            EventKind.PROJECT_RED,
            f"project.turned_red:{pk}:{due.isoformat()}",
            {"project_id": pk, "name": name, "due": due, "url": url_pattern.format(pk=pk)},
            (cadre, head, centre_head),
        )


def _transition(entry, words):
    return gettext("Moved from %(a)s to %(b)s") % {"a": words(entry.from_state), "b": words(entry.to_state)}


def _decision(entry, words):
    return gettext("Decision of %(body)s recorded") % {"body": (entry.data or {}).get("body_name", "")}


def _document(entry, words):
    return gettext("Document “%(title)s” added") % {"title": (entry.data or {}).get("title", "")}


def _transitioned(event):
    p = event.payload
    name = Project.objects.filter(pk=p.get("project_id")).values_list("name", flat=True).first() or ""

    def words(value):
        return ProjectState(value).label if value in ProjectState.values else value

    values = {"project": name, "a": words(p.get("from", "")), "b": words(p.get("to", ""))}
    return Message(
        title=gettext("“%(project)s” moved from %(a)s to %(b)s") % values,
        body="",
        url=project_url_pattern().format(pk=p.get("project_id")) if p.get("project_id") else "",
    )


def register():
    register_event_message("project.transitioned", _transitioned)
    register_state_choices(ProjectState)
    register_action_label("project.transition", _transition, states=ProjectState)
    register_action_label("project.created", _("Project created"), with_state=False)
    register_action_label("project.updated", _("Record edited"), with_state=False)
    register_action_label("project.decision", _decision)
    register_action_label("project.task_force", _("Task force named"), with_state=False)
    register_action_label("project.document", _document)
    register_agenda_section("new-leads", title=_("New leads"), order=10, source=new_leads)
    register_agenda_section("red-projects", title=_("Red-light projects"), order=40, source=red_projects)
    register_alert_source("turned_red", turned_red)
