"""Project deadlines and planned milestones, as reminder sources for notifications.

Each open project yields its deadline (项目期限) and the planned date of the next milestone it
has not reached. Escalation: the service cadre and task-force lead (else whoever created the
project) → the head of the responsible unit → the head of the promotion centre.
"""

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from notifications.deadlines import Deadline, deadline_title

from .confidential import code_name_everywhere
from .enums import TERMINAL_STATES
from .models import Project


def project_url_pattern():
    """The detail URL with a placeholder, reversed once rather than once per project."""
    try:
        return reverse("projects:detail", args=[987654321]).replace("987654321", "{pk}")
    except NoReverseMatch:
        return "/projects/{pk}/"


def _centre_head_id():
    from org.models import Unit

    return Unit.objects.filter(code="touchu").values_list("head_id", flat=True).first()


def open_project_deadlines():
    from .milestones import NEXT_PLANNED

    centre_head = _centre_head_id()
    centre = (centre_head,) if centre_head else ()
    url_pattern = project_url_pattern()
    with translation.override(settings.LANGUAGE_CODE):
        labels = {
            field: str(Project._meta.get_field(field).verbose_name)
            for field in ["deadline", *NEXT_PLANNED.values()]
        }
    fields = [
        "pk",
        "name",
        "code_name",
        "confidential",
        "state",
        "deadline",
        "service_cadre_id",
        "created_by_id",
        "responsible_unit__head_id",
    ]
    fields += sorted(set(NEXT_PLANNED.values()))
    fields.append("task_force__lead_id")
    rows = (
        Project.objects.exclude(state__in=list(TERMINAL_STATES))
        .order_by("pk")
        .values(*fields)
        .iterator(chunk_size=2000)
    )
    for row in rows:
        responsible = tuple(
            dict.fromkeys(
                uid for uid in (row["service_cadre_id"], row["task_force__lead_id"]) if uid is not None
            )
        ) or ((row["created_by_id"],) if row["created_by_id"] else ())
        head = (row["responsible_unit__head_id"],) if row["responsible_unit__head_id"] else ()
        escalation = (responsible, head, centre)
        url = url_pattern.format(pk=row["pk"])
        # The responsible unit's head may have no need to know: a confidential project goes by its code name.
        subject = code_name_everywhere(row["name"], row["code_name"], row["confidential"])
        if row["deadline"]:
            yield Deadline(
                key=f"project-deadline:{row['pk']}",
                due=row["deadline"],
                title=deadline_title(subject=subject, what=labels["deadline"]),
                url=url,
                escalation=escalation,
            )
        field = NEXT_PLANNED.get(row["state"])
        if field and row[field]:
            yield Deadline(
                key=f"project-milestone:{row['pk']}:{field}",
                due=row[field],
                title=deadline_title(subject=subject, what=labels[field]),
                url=url,
                escalation=escalation,
            )
