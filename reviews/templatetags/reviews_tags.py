from django import template

from ..enums import Verdict

register = template.Library()


@register.filter
def verdict_label(value):
    """A verdict in words, for rows read with `values()` (model instances have get_verdict_display)."""
    return Verdict(value).label if value in Verdict.values else value
