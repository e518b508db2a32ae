"""Table rows of the reviewer's inbox and the convener's view, built in Python.

These pages are the reviewers' daily work; the template engine spent several times longer on their
rows (a dozen escaped values each) than on everything else the page does. Every value is escaped
with the standard library's `html.escape`.
"""

import functools
from html import escape as esc

from django import template
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

from projects.enums import Category
from projects.templatetags.projects_tags import choice_label, mu, wan

from ..enums import Outcome, RoundState
from ..selectors import url_with_pk

register = template.Library()


@functools.cache
def _labels(language):
    """Every label these rows repeat, translated and escaped once per language."""
    texts = {
        "status": _("Status"),
        "project": _("Project"),
        "platform": _("Platform"),
        "deadline": _("Deadline"),
        "mine": _("My opinion"),
        "nothing_waiting": _("Nothing is waiting for your department."),
        "unit": _("Reviewer unit"),
        "opinion": _("Opinion"),
        "reasons": _("Reasons and conditions"),
        "signed_by": _("Signed by"),
        "advisory": _("advisory"),
        "conditions": _("Conditions"),
        "waiting": _("Still waiting on"),
        "nobody": _("Nobody."),
        "late": _("Late"),
        "nobody_late": _("Nobody is late."),
        "item": _("Item"),
        "threshold": _("Threshold"),
        "result": _("Result"),
        "not_set": _("Not set"),
        "meets": _("Meets"),
        "below": _("Below threshold"),
        "investor": _("Investor"),
        "category": _("Category"),
        "total": _("Total investment (10k yuan)"),
        "fixed": _("Fixed-asset investment (10k yuan)"),
        "land": _("Land (mu)"),
        "no_rounds": _("No rounds yet."),
        "state": _("State"),
        "opinions_in": _("Opinions in"),
        "next_deadline": _("Next deadline"),
        "convener": _("Convener"),
    }
    labels = {key: esc(str(text)) for key, text in texts.items()}
    badges = [
        ("red", "bg-danger", _("Overdue")),
        ("yellow", "bg-warning text-dark", _("Due soon")),
        ("done", "bg-secondary", pgettext("review opinion", "Signed")),
        ("green", "bg-success", _("On track")),
    ]
    for light, css, text in badges:
        labels[f"light_{light}"] = f'<span class="badge {css}" data-light="{light}">{esc(str(text))}</span>'
    return labels


@register.simple_tag
def inbox_rows(rows):
    """The inbox table's body rows for `selectors.inbox_row_display` dicts."""
    t = _labels(get_language())
    if not rows:
        return mark_safe(f'<tr><td colspan="6" class="text-body-secondary">{t["nothing_waiting"]}</td></tr>')  # noqa: S308
    html = [
        f'<tr class="inbox-row"><td data-label="{t["status"]}">{t["light_" + o["light"]]}</td>'
        f'<td data-label="{t["project"]}">{esc(o["project"])}</td>'
        f'<td data-label="{t["platform"]}">{esc(o["platform"])}</td>'
        f'<td data-label="{t["deadline"]}">{o["due"]}</td>'
        f'<td data-label="{t["mine"]}">{esc(o["verdict_label"])}</td>'
        f'<td><a class="btn btn-sm btn-primary" href="{esc(o["url"])}">{esc(o["action"])}</a></td></tr>'
        for o in rows
    ]
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped or our own constant


@register.simple_tag
def opinion_rows(opinions):
    """The convener's view: one row per opinion (`selectors.round_view`)."""
    t = _labels(get_language())
    advisory = f' <span class="small text-body-secondary">{t["advisory"]}</span>'
    html = []
    for o in opinions:
        who = esc(o.unit_name) + (f" ({esc(o.invitee)})" if o.invitee else "")
        if not o.required:
            who += advisory
        if o.verdict:
            verdict = f'<a href="{esc(o.url)}">{esc(o.verdict_label)}</a>'
            if o.version > 1:
                verdict += f' <span class="small text-body-secondary">v{int(o.version)}</span>'
        else:
            verdict = "—"
        reasons = esc(o.reason)
        if o.conditions:
            reasons += f"<div><strong>{t['conditions']}:</strong> {esc(o.conditions)}</div>"
        signed = f"{esc(o.signed_by)} {o.signed_at_text}" if o.signed_by else ""
        html.append(
            f'<tr data-unit="{esc(o.unit_code)}"><td data-label="{t["unit"]}">{who}</td>'
            f'<td data-label="{t["status"]}">{t.get(f"light_{o.light}", t["light_green"])}</td>'
            f'<td data-label="{t["deadline"]}">{o.due_text}</td>'
            f'<td data-label="{t["opinion"]}">{verdict}</td>'
            f'<td data-label="{t["reasons"]}" class="small">{reasons}</td>'
            f'<td data-label="{t["signed_by"]}" class="small">{signed}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped or our own constant


@register.simple_tag
def waiting_and_late(opinions):
    """The convener's two cards: who we are still waiting on, and who is late."""
    t = _labels(get_language())
    waiting = [o for o in opinions if not o.verdict]
    late = [o for o in waiting if o.light == "red"]
    waiting_html = (
        "".join(f'<span class="badge text-bg-light border me-1">{esc(o.unit_label)}</span>' for o in waiting)
        or f'<span class="text-body-secondary small">{t["nobody"]}</span>'
    )
    late_html = (
        "".join(
            f'<span class="badge bg-danger me-1">{esc(o.unit_label)} · {o.due:%m-%d}</span>' for o in late
        )
        or f'<span class="text-body-secondary small">{t["nobody_late"]}</span>'
    )
    return mark_safe(  # noqa: S308 - every value above is escaped or our own constant
        '<div class="row g-2 mb-3">'
        '<div class="col-12 col-md-6"><div class="card border-warning h-100">'
        f'<div class="card-body py-2" id="waiting"><h2 class="h6">{t["waiting"]} ({len(waiting)})</h2>'
        f"{waiting_html}</div></div></div>"
        '<div class="col-12 col-md-6"><div class="card border-danger h-100">'
        f'<div class="card-body py-2" id="late"><h2 class="h6">{t["late"]} ({len(late)})</h2>'
        f"{late_html}</div></div></div></div>"
    )


@register.simple_tag
def threshold_rows(checks):
    """The entry-threshold table's rows (`rules.threshold_checks`): threshold, project, result."""
    t = _labels(get_language())

    def figure(value, unit):
        return f"{esc(localize(value))} {esc(unit)}" if value is not None else "—"

    html = []
    for c in checks:
        if c.meets is None:
            verdict = f'<span class="text-body-secondary">{t["not_set"]}</span>'
        elif c.meets:
            verdict = f'<span class="badge bg-success">{t["meets"]}</span>'
        else:
            verdict = f'<span class="badge bg-danger below-threshold">{t["below"]}</span>'
        html.append(
            f'<tr><td data-label="{t["item"]}">{esc(c.label)}</td>'
            f'<td data-label="{t["threshold"]}">{figure(c.required, c.unit)}</td>'
            f'<td data-label="{t["project"]}">{figure(c.actual, c.unit)}</td>'
            f'<td data-label="{t["result"]}">{verdict}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


@register.simple_tag
def project_summary(project):
    """The project's key figures beside a round, an opinion or in the minutes."""
    t = _labels(get_language())
    items = [
        (t["project"], project.name),
        (t["investor"], project.investor_name),
        (t["platform"], str(project.platform) if project.platform_id else "—"),
        (t["category"], choice_label(Category, project.category)),  # get_..._display rebuilds the choices
        (t["total"], wan(project.total_investment)),
        (t["fixed"], wan(project.fixed_asset_investment)),
        (t["land"], mu(project.land_area)),
    ]
    rows = "".join(
        f'<dt class="col-5 col-md-3">{label}</dt><dd class="col-7 col-md-9">{esc(str(value))}</dd>'
        for label, value in items
    )
    return mark_safe(f'<dl class="row mb-0 small">{rows}</dl>')  # noqa: S308 - every value is escaped


@register.simple_tag
def round_rows(rounds):
    """The rounds list's rows: `selectors.rounds_list` values (views.ROUND_ROW_FIELDS)."""
    t = _labels(get_language())
    if not rounds:
        return mark_safe(f'<tr><td colspan="6" class="text-body-secondary">{t["no_rounds"]}</td></tr>')  # noqa: S308
    html = []
    for r in rounds:
        state = esc(choice_label(RoundState, r["state"]))
        if r["outcome"]:
            state += f" · {esc(choice_label(Outcome, r['outcome']))}"
        late = (
            f'<span class="badge bg-danger">{int(r["opinions_late"])}</span>' if r["opinions_late"] else "0"
        )
        tally = f"{int(r['opinions_signed'])} / {int(r['opinions_total'])}"
        next_due = r["next_due"].isoformat() if r["next_due"] else "—"
        url = url_with_pk("reviews:round", r["pk"])
        convener = f"{r['convener__last_name']}{r['convener__first_name']}".strip() or r["convener__username"]
        html.append(
            f'<tr><td data-label="{t["project"]}"><a href="{url}">{esc(r["project__name"])}</a></td>'
            f'<td data-label="{t["state"]}">{state}</td>'
            f'<td data-label="{t["opinions_in"]}">{tally}</td>'
            f'<td data-label="{t["late"]}">{late}</td>'
            f'<td data-label="{t["next_deadline"]}">{next_due}</td>'
            f'<td data-label="{t["convener"]}">{esc(convener)}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped or a number
