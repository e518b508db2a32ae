from decimal import Decimal
from html import escape as esc

from django import template
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

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


_labels = {}


def choice_label(choices, value):
    """A choice label in the active language, translated once per process (rows repeat them)."""
    key = (get_language(), choices.__name__, value)
    found = _labels.get(key)
    if found is None:
        found = _labels[key] = str(choices(value).label) if value in choices.values else value
    return found


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


@register.simple_tag
def light(value):
    if not value:
        return "—"
    label = choice_label(Light, value)
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
    return choice_label(ProjectState, value)


# Other apps' audit actions as they read on a project's timeline.
OTHER_ACTIONS = {
    "review.round_opened": gettext_lazy("“8+X” pre-review round opened"),
    "review.terms_set": gettext_lazy("Pre-review terms set"),
    "review.participant_added": gettext_lazy("Pre-review participant added"),
    "review.opinion_signed": gettext_lazy("Pre-review opinion signed"),
    "review.opinion_revised": gettext_lazy("Pre-review opinion revised"),
    "review.round_concluded": gettext_lazy("Pre-review round concluded"),
    "referral.submitted": gettext_lazy("Referral recorded"),
}


def _choice_label(value):
    """A state or verdict stored on an audit row, in words when an app's enums know it."""
    if value in ProjectState.values:
        return ProjectState(value).label
    try:
        from reviews.enums import Outcome, Verdict
    except ImportError:  # pragma: no cover - the reviews app is always installed
        return value
    for choices in (Verdict, Outcome):
        if value in choices.values:
            return choices(value).label
    return value


@register.simple_tag
def timeline_text(entry):
    data = entry.data or {}
    action = entry.action
    if action == "project.transition":
        return _("Moved from %(a)s to %(b)s") % {
            "a": _choice_label(entry.from_state),
            "b": _choice_label(entry.to_state),
        }
    if action == "project.created":
        return _("Project created")
    if action == "project.updated":
        return _("Record edited")
    if action == "project.decision":
        return _("Decision of %(body)s recorded") % {"body": data.get("body_name", "")}
    if action == "project.task_force":
        return _("Task force named")
    if action == "project.document":
        return _("Document “%(title)s” added") % {"title": data.get("title", "")}
    label = OTHER_ACTIONS.get(action, action)
    return f"{label}: {_choice_label(entry.to_state)}" if entry.to_state else str(label)


_ROW_LABELS = {
    "light": gettext_lazy("Light"),
    "project": gettext_lazy("Project"),
    "investor": gettext_lazy("Investor"),
    "platform": gettext_lazy("Platform"),
    "state": gettext_lazy("State"),
    "total": gettext_lazy("Total investment (10k yuan)"),
    "land": gettext_lazy("Land (mu)"),
    "unit": gettext_lazy("Responsible unit"),
    "due": gettext_lazy("Next due"),
}


def _row_labels():
    key = ("ledger-row", get_language())
    if key not in _labels:
        _labels[key] = {name: esc(str(label)) for name, label in _ROW_LABELS.items()}
    return _labels[key]


@register.simple_tag(takes_context=True)
def ledger_row(context, p):
    """One ledger row (a dict from `ledger_rows`), built in Python with the standard library's
    escaping: a page renders 25 of them and the template engine took several times longer."""
    t = _row_labels()  # escaped already
    light_value = p["light"]
    if light_value:
        light_cell = (
            f'<span class="light light-{esc(light_value)}" aria-hidden="true"></span> '
            f'<span class="small">{esc(choice_label(Light, light_value))}</span>'
        )
    else:
        light_cell = "—"
    platform = p["platform_short"] or p["platform_name"] or "—"
    unit = p["unit_short"] or p["unit_name"] or "—"
    return mark_safe(  # noqa: S308 - every value below is escaped
        f'<tr><td data-label="{t["light"]}">{light_cell}</td>'
        f'<td data-label="{t["project"]}"><a href="{esc(context["detail_base"])}{int(p["id"])}/">'
        f"{esc(p['name'])}</a></td>"
        f'<td data-label="{t["investor"]}">{esc(p["investor_name"])}</td>'
        f'<td data-label="{t["platform"]}">{esc(platform)}</td>'
        f'<td data-label="{t["state"]}">{esc(state_label(p["state"]))}</td>'
        f'<td data-label="{t["total"]}" class="text-end">{esc(wan(p["total_investment"]))}</td>'
        f'<td data-label="{t["land"]}" class="text-end">{esc(mu(p["land_area"]))}</td>'
        f'<td data-label="{t["unit"]}">{esc(unit)}</td>'
        f'<td data-label="{t["due"]}">{esc(iso_date(p["next_due"]))}</td></tr>'
    )
