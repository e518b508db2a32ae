from django import template

from projects.enums import ProjectState

from .. import selectors
from ..enums import EscalationLevel, RequestCategory
from ..enums import RequestState as S

register = template.Library()

# The badge colour of each state (the list draws the badge inline; aftercare/_state.html elsewhere).
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


def _label(choices, value):
    """A choice's label in the active language: one translation look-up, where the model's
    get_FOO_display hashes every label of the field (a translation each) on every call."""
    member = choices._value2member_map_.get(value)
    return str(member.label) if member is not None else value


@register.filter
def state_label(value):
    return _label(S, value)


@register.filter
def category_label(value):
    return _label(RequestCategory, value)


@register.filter
def escalation_label(value):
    return _label(EscalationLevel, value)


@register.filter
def project_state_label(value):
    return _label(ProjectState, value)


@register.inclusion_tag("aftercare/_project_requests.html")
def blocking_requests(project):
    """The open enterprise requests that block a milestone of `project` (on the project's page)."""
    return {
        "project": project,
        "requests": list(selectors.blocking_requests(project).select_related("lead_unit")),
    }
