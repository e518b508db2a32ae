from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode

from projects.enums import Light, ProjectState

register = template.Library()
WAN = Decimal("10000")


@register.filter
def wan(value):
    """Yuan shown in 万元, thousands separated, up to 2 decimals."""
    if value is None or value == "":
        return "—"
    amount = (Decimal(value) / WAN).quantize(Decimal("0.01"))
    text = f"{amount:,.2f}"
    return text[:-3] if text.endswith(".00") else text


@register.simple_tag
def light(value):
    if not value:
        return "—"
    label = Light(value).label
    return format_html(
        '<span class="light light-{}" aria-hidden="true"></span> <span class="small">{}</span>', value, label
    )


@register.simple_tag(takes_context=True)
def sort_link(context, key, label):
    """A column header that sorts by `key`, flipping direction on the second click."""
    current = context.get("current_sort", "")
    descending = current == key
    target = f"-{key}" if descending else key
    query = context.get("sort_query", "")
    params = f"{query}&{urlencode({'sort': target})}" if query else urlencode({"sort": target})
    arrow = " ▲" if current == key else " ▼" if current == f"-{key}" else ""
    return format_html('<a href="?{}" class="link-dark">{}{}</a>', params, label, arrow)


@register.filter
def state_label(value):
    return ProjectState(value).label if value in ProjectState.values else value
