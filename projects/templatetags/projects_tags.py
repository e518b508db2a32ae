import functools
from decimal import Decimal

from django import template
from django.template import Context
from django.utils.html import format_html
from django.utils.http import urlencode

from audit.labels import action_text
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


@functools.cache
def _labels(choices):
    """value → lazy label of a choices class (translated when shown), built once per process."""
    return dict(choices.choices)


def choice_label(choices, value):
    """A choice label in the active language; the value itself when the choices do not know it."""
    label = _labels(choices).get(value)
    return value if label is None else str(label)


@register.filter
def shown_name(project, user):
    """A project's name as `user` may read it (a code name when confidential): projects.confidential."""
    from projects.confidential import shown_name as name_for

    return name_for(project, user)


@register.filter
def mu(value):
    """Land in 亩: up to two decimals, trailing zeros dropped."""
    if value is None or value == "":
        return "—"
    text = f"{Decimal(value):,.2f}".rstrip("0").rstrip(".")
    return text


@register.filter
def iso_date(value):
    return value.isoformat() if value else "—"


@register.simple_tag(takes_context=True)
def light(context, value):
    """A status light: the dot and its word, drawn by one partial wherever a light shows.

    A table draws each of the few lights once per render and repeats it: the partial rendered for
    every row was a third of the ledger table's cost. The drawn lights live in the template's
    render context, so they last one render, in its language, and are never stale."""
    drawn = context.render_context.setdefault("projects.lights", {})
    if value not in drawn:
        partial = context.template.engine.get_template("projects/_light.html")
        shown = {"value": value, "label": choice_label(Light, value) if value else ""}
        drawn[value] = partial.render(Context(shown, autoescape=context.autoescape))
    return drawn[value]


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
    return choice_label(ProjectState, value)


@register.simple_tag
def timeline_text(entry):
    """An audit row as its app registered it to read (audit.labels)."""
    return action_text(entry)
