"""The navigation bar: one list, filtered by what the viewer may do.

Each app adds its entries here; an entry whose URL is not installed yet is skipped.
"""

from functools import cache
from html import escape

from django.urls import NoReverseMatch, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import permissions as can

# (label, url name, predicate(user))
NAV_ITEMS = [
    (_("Home"), "home", lambda u: True),
    (_("Ledger"), "projects:list", can.can_view_all),
    (_("Dashboard"), "projects:dashboard", can.can_view_all),
    (_("My reviews"), "reviews:inbox", can.is_reviewer),
    (_("Review rounds"), "reviews:rounds", can.is_promotion_staff),
    (_("Referrals"), "referrals:queue", lambda u: u.has_perm("org.triage_referrals")),
    (_("Rewards"), "incentives:list", can.can_view_all),
    (_("League table"), "scoring:board", lambda u: u.is_authenticated),
    (_("Challenges"), "scoring:challenges", lambda u: u.is_authenticated),
    (_("Notifications"), "notifications:inbox", lambda u: True),
    (_("Meeting agenda"), "notifications:agenda", can.can_view_all),
    (_("Scheduled jobs"), "notifications:jobs", can.is_administrator),
    (_("Administration"), "admin:index", can.is_administrator),
]


@cache
def _url(url_name):
    """The URLconf does not change while the process runs, so each entry is reversed once."""
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def items_for(user):
    if not user.is_authenticated:
        return []
    return [
        {"label": label, "url": _url(url_name), "name": url_name}
        for label, url_name, allowed in NAV_ITEMS
        if _url(url_name) is not None and allowed(user)
    ]


# The notifications entry carries the unread badge, which fetches its count itself once the page
# has loaded and then every minute: no page waits on counting, and the count stays current.
_BADGE = (
    ' <span id="unread-count" class="badge bg-danger d-none" hx-get="{url}" '
    'hx-trigger="load, every 60s" hx-swap="outerHTML"></span>'
)
_links = {}


def links_html(items, active):
    """The navigation bar's <li> elements for `items_for(...)` with `active` (a view name) marked.

    Every page renders them, and the template engine took longer over a dozen links than the rest
    of the layout: built once per language, set of entries and active entry, then reused.
    """
    names = tuple(item["name"] for item in items)
    key = (get_language(), names, active)
    if key not in _links:
        parts = []
        badge_url = _url("notifications:badge")
        for item in items:
            marked = ' active" aria-current="page' if item["name"] == active else ""
            has_badge = item["name"] == "notifications:inbox" and badge_url
            badge = _BADGE.format(url=badge_url) if has_badge else ""
            parts.append(
                f'<li class="nav-item"><a class="nav-link{marked}" href="{escape(item["url"])}">'
                f"{escape(str(item['label']))}{badge}</a></li>"
            )
        _links[key] = mark_safe("".join(parts))  # noqa: S308 - labels and URLs escaped above
    return _links[key]
