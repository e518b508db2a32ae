from django import template

from projects.templatetags.projects_tags import choice_label
from projects.templatetags.projects_tags import state_label as project_state_label

from .. import selectors
from ..enums import EscalationLevel, RequestCategory
from ..enums import RequestState as S

register = template.Library()

# The badge colour of each state (drawn by aftercare/_state.html).
STATE_BADGE = {
    S.SOLVED: "bg-success",
    S.UNCONFIRMED: "bg-secondary",
    S.WITHDRAWN: "bg-secondary",
    S.SUBMITTED: "bg-info text-dark",
    S.PROPOSED: "bg-warning text-dark",
    S.WITHDRAWAL_ASKED: "bg-warning text-dark",
    S.WAITING: "bg-warning text-dark",
}


@register.filter
def state_badge(state):
    return STATE_BADGE.get(state, "bg-primary")


@register.filter
def state_label(value):
    return choice_label(S, value)


@register.filter
def category_label(value):
    return choice_label(RequestCategory, value)


@register.filter
def escalation_label(value):
    return choice_label(EscalationLevel, value)


# A project's state, drawn as the ledger draws it.
register.filter("project_state_label", project_state_label)


@register.inclusion_tag("aftercare/_project_requests.html")
def blocking_requests(project):
    """The open enterprise requests that block a milestone of `project` (on the project's page)."""
    return {
        "project": project,
        "requests": list(selectors.blocking_requests(project).select_related("lead_unit")),
    }
