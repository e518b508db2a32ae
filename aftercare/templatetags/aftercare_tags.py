from django import template

from .. import selectors

register = template.Library()


@register.inclusion_tag("aftercare/_project_requests.html")
def blocking_requests(project):
    """The open enterprise requests that block a milestone of `project` (on the project's page)."""
    return {
        "project": project,
        "requests": list(selectors.blocking_requests(project).select_related("lead_unit")),
    }
