"""What aftercare registers with the layers under it (called from AftercareConfig.ready): its
deadline source, its agenda section, its timeline labels."""

from django.utils.translation import gettext_lazy

from audit.labels import register_action_label, register_state_choices

from .enums import EscalationLevel, RequestState

REQUEST_DEADLINES = "aftercare.requests"

TIMELINE = {
    "aftercare.filed": (gettext_lazy("Enterprise request filed"), True),
    "aftercare.transition": (gettext_lazy("Enterprise request"), True),
    "aftercare.objection": (gettext_lazy("Objection to the assignment"), False),
    "aftercare.objection_settled": (gettext_lazy("Objection settled by the centre"), False),
    "aftercare.stage_reply": (gettext_lazy("Stage reply to the enterprise"), False),
    "aftercare.called_back": (gettext_lazy("Enterprise called back"), False),
    "aftercare.assist_answer": (gettext_lazy("Assisting unit answered"), False),
    "aftercare.extension_asked": (gettext_lazy("Extension asked"), False),
    "aftercare.extension_approved": (gettext_lazy("Extension approved"), False),
    "aftercare.extension_refused": (gettext_lazy("Extension refused"), False),
    "aftercare.published": (gettext_lazy("Answer published"), False),
    "aftercare.account_created": (gettext_lazy("Enterprise account created"), False),
}


ESCALATED = gettext_lazy("Request escalated")


def _escalated(entry, state_words):
    level = entry.data.get("level")
    label = EscalationLevel(level).label if level in EscalationLevel.values else level
    return f"{ESCALATED}: {label}"


def register():
    from notifications.deadlines import register_deadline_source
    from notifications.sections import register_agenda_section
    from projects.selectors import register_light_rule

    from .models import ServiceRequest
    from .selectors import (
        blocked_milestone_light,
        blocked_milestone_reason,
        meeting_items,
        open_request_deadlines,
        previous_month_items,
    )

    register_deadline_source(REQUEST_DEADLINES, open_request_deadlines)
    register_light_rule(
        "aftercare.blocked_milestone",
        blocked_milestone_light,
        reason=blocked_milestone_reason,
        moved_by=[ServiceRequest],
    )
    register_agenda_section(
        "aftercare-meeting",
        title=gettext_lazy("Enterprise requests for the coordination meeting"),
        order=45,
        source=meeting_items,
    )
    register_agenda_section(
        "aftercare-units",
        title=gettext_lazy("Enterprise requests: last month's figures by unit"),
        order=46,
        source=previous_month_items,
    )
    register_state_choices(RequestState)
    for action, (label, with_state) in TIMELINE.items():
        register_action_label(action, label, with_state=with_state)
    register_action_label("aftercare.escalated", _escalated)
