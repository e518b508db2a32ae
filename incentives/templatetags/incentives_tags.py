from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def yuan(value):
    """Yuan with thousands separated and two decimals, the same on every page and for every viewer."""
    if value is None or value == "":
        return "—"
    return f"{Decimal(value):,.2f}"
