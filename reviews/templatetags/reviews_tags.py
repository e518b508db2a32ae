"""Table rows of the reviewer's inbox and the convener's view, built in Python.

These pages are the reviewers' daily work; the template engine spent several times longer on their
rows (a dozen escaped values each) than on everything else the page does. Every value is escaped
with the standard library's `html.escape`.
"""

from html import escape as esc

from django import template
from django.urls import reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from projects.enums import Category
from projects.templatetags.projects_tags import choice_label, mu, wan

from ..enums import Outcome, RoundState

register = template.Library()


@register.simple_tag
def inbox_rows(rows):
    """The inbox table's body rows for `selectors.inbox_row_display` dicts."""
    if not rows:
        empty = esc(_("Nothing is waiting for your department."))
        return mark_safe(f'<tr><td colspan="6" class="text-body-secondary">{empty}</td></tr>')  # noqa: S308
    status, project, platform, due, mine = map(
        esc, (_("Status"), _("Project"), _("Platform"), _("Deadline"), _("My opinion"))
    )
    html = [
        f'<tr class="inbox-row"><td data-label="{status}"><span class="badge {o["badge"]}" '
        f'data-light="{o["light"]}">{esc(o["light_label"])}</span></td>'
        f'<td data-label="{project}">{esc(o["project"])}</td>'
        f'<td data-label="{platform}">{esc(o["platform"])}</td>'
        f'<td data-label="{due}">{o["due"]}</td>'
        f'<td data-label="{mine}">{esc(o["verdict_label"])}</td>'
        f'<td><a class="btn btn-sm btn-primary" href="{esc(o["url"])}">{esc(o["action"])}</a></td></tr>'
        for o in rows
    ]
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped or our own constant


def light_badge(light):
    """The status badge of an opinion's light (as reviews/_light.html draws it)."""
    if light == "red":
        css, label = "bg-danger", _("Overdue")
    elif light == "yellow":
        css, label = "bg-warning text-dark", _("Due soon")
    elif light == "done":
        css, label = "bg-secondary", pgettext("review opinion", "Signed")
    else:
        css, label, light = "bg-success", _("On track"), "green"
    return f'<span class="badge {css}" data-light="{light}">{esc(label)}</span>'


@register.simple_tag
def opinion_rows(opinions):
    """The convener's view: one row per opinion (`selectors.round_view`)."""
    unit_l, status_l, due_l, opinion_l, reasons_l, signed_l = map(
        esc,
        (
            _("Reviewer unit"),
            _("Status"),
            _("Deadline"),
            _("Opinion"),
            _("Reasons and conditions"),
            _("Signed by"),
        ),
    )
    advisory = f' <span class="small text-body-secondary">{esc(_("advisory"))}</span>'
    conditions_l = esc(_("Conditions"))
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
            reasons += f"<div><strong>{conditions_l}:</strong> {esc(o.conditions)}</div>"
        signed = f"{esc(o.signed_by)} {o.signed_at_text}" if o.signed_by else ""
        html.append(
            f'<tr data-unit="{esc(o.unit_code)}"><td data-label="{unit_l}">{who}</td>'
            f'<td data-label="{status_l}">{light_badge(o.light)}</td>'
            f'<td data-label="{due_l}">{o.due_text}</td>'
            f'<td data-label="{opinion_l}">{verdict}</td>'
            f'<td data-label="{reasons_l}" class="small">{reasons}</td>'
            f'<td data-label="{signed_l}" class="small">{signed}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped or our own constant


@register.simple_tag
def waiting_and_late(opinions):
    """The convener's two cards: who we are still waiting on, and who is late."""
    waiting = [o for o in opinions if not o.verdict]
    late = [o for o in waiting if o.light == "red"]
    waiting_html = (
        "".join(f'<span class="badge text-bg-light border me-1">{esc(o.unit_label)}</span>' for o in waiting)
        or f'<span class="text-body-secondary small">{esc(_("Nobody."))}</span>'
    )
    late_html = (
        "".join(
            f'<span class="badge bg-danger me-1">{esc(o.unit_label)} · {o.due:%m-%d}</span>' for o in late
        )
        or f'<span class="text-body-secondary small">{esc(_("Nobody is late."))}</span>'
    )
    return mark_safe(  # noqa: S308 - every value above is escaped or our own constant
        '<div class="row g-2 mb-3">'
        '<div class="col-12 col-md-6"><div class="card border-warning h-100">'
        f'<div class="card-body py-2" id="waiting">'
        f'<h2 class="h6">{esc(_("Still waiting on"))} ({len(waiting)})</h2>'
        f"{waiting_html}</div></div></div>"
        '<div class="col-12 col-md-6"><div class="card border-danger h-100">'
        f'<div class="card-body py-2" id="late"><h2 class="h6">{esc(_("Late"))} ({len(late)})</h2>'
        f"{late_html}</div></div></div></div>"
    )


@register.simple_tag
def threshold_rows(checks):
    """The entry-threshold table's rows (`rules.threshold_checks`): threshold, project, result."""
    item, threshold, project, result = map(esc, (_("Item"), _("Threshold"), _("Project"), _("Result")))

    def figure(value, unit):
        return f"{esc(localize(value))} {esc(unit)}" if value is not None else "—"

    html = []
    for c in checks:
        if c.meets is None:
            verdict = f'<span class="text-body-secondary">{esc(_("Not set"))}</span>'
        elif c.meets:
            verdict = f'<span class="badge bg-success">{esc(_("Meets"))}</span>'
        else:
            verdict = f'<span class="badge bg-danger below-threshold">{esc(_("Below threshold"))}</span>'
        html.append(
            f'<tr><td data-label="{item}">{esc(c.label)}</td>'
            f'<td data-label="{threshold}">{figure(c.required, c.unit)}</td>'
            f'<td data-label="{project}">{figure(c.actual, c.unit)}</td>'
            f'<td data-label="{result}">{verdict}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped


@register.simple_tag
def project_summary(project):
    """The project's key figures beside a round, an opinion or in the minutes."""
    items = [
        (_("Project"), project.name),
        (_("Investor"), project.investor_name),
        (_("Platform"), str(project.platform) if project.platform_id else "—"),
        (_("Category"), choice_label(Category, project.category)),  # get_..._display rebuilds the choices
        (_("Total investment (10k yuan)"), wan(project.total_investment)),
        (_("Fixed-asset investment (10k yuan)"), wan(project.fixed_asset_investment)),
        (_("Land (mu)"), mu(project.land_area)),
    ]
    rows = "".join(
        f'<dt class="col-5 col-md-3">{esc(str(label))}</dt><dd class="col-7 col-md-9">{esc(str(value))}</dd>'
        for label, value in items
    )
    return mark_safe(f'<dl class="row mb-0 small">{rows}</dl>')  # noqa: S308 - every value is escaped


@register.simple_tag
def round_rows(rounds):
    """The rounds list's rows: `selectors.rounds_list` values (views.ROUND_ROW_FIELDS)."""
    if not rounds:
        return mark_safe(  # noqa: S308 - our own text, escaped
            f'<tr><td colspan="6" class="text-body-secondary">{esc(_("No rounds yet."))}</td></tr>'
        )
    project_l, state_l, in_l, late_l, next_l, convener_l = map(
        esc, (_("Project"), _("State"), _("Opinions in"), _("Late"), _("Next deadline"), _("Convener"))
    )
    states, outcomes = dict(RoundState.choices), dict(Outcome.choices)
    url_pattern = reverse("reviews:round", args=[987654321])
    html = []
    for r in rounds:
        state = esc(str(states.get(r["state"], r["state"])))
        if r["outcome"]:
            state += f" · {esc(str(outcomes.get(r['outcome'], r['outcome'])))}"
        late = (
            f'<span class="badge bg-danger">{int(r["opinions_late"])}</span>' if r["opinions_late"] else "0"
        )
        url = url_pattern.replace("987654321", str(int(r["pk"])))
        convener = f"{r['convener__last_name']}{r['convener__first_name']}".strip() or r["convener__username"]
        html.append(
            f'<tr><td data-label="{project_l}"><a href="{url}">{esc(r["project__name"])}</a></td>'
            f'<td data-label="{state_l}">{state}</td>'
            f'<td data-label="{in_l}">{int(r["opinions_signed"])} / {int(r["opinions_total"])}</td>'
            f'<td data-label="{late_l}">{late}</td>'
            f'<td data-label="{next_l}">{r["next_due"].isoformat() if r["next_due"] else "—"}</td>'
            f'<td data-label="{convener_l}">{esc(convener)}</td></tr>'
        )
    return mark_safe("\n".join(html))  # noqa: S308 - every value above is escaped or a number
