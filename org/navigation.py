"""The navigation bar: one list, drawn by `templates/partials/nav_links.html`.

An entry is shown when its page's own gate lets the viewer in (`org.access.may_open`, the predicate
the view itself checks), so the bar never offers a page that answers 403. An entry may also name who
it is *for* (a page several roles may open but only one works in daily); that narrows, never widens.
Each app adds its entries here; an entry whose URL is not installed yet is skipped.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .access import allowed_url


def _approves_rewards(user):
    return user.has_perm("org.approve_rewards")


# (label, url name[, for whom])
NAV_ITEMS = [
    (_("Home"), "home"),
    (_("Ledger"), "projects:list"),
    (_("Dashboard"), "projects:dashboard"),
    (_("My reviews"), "reviews:inbox"),
    (_("Review rounds"), "reviews:rounds"),
    (_("Investors"), "investors:list"),
    (_("Referrals"), "referrals:queue"),
    (_("Rewards"), "incentives:list"),
    (_("Reward approvals"), "incentives:queue", _approves_rewards),
    (_("League table"), "scoring:board"),
    (_("Challenges"), "scoring:challenges"),
    (_("Enterprise requests"), "aftercare:list"),
    (_("Industry chains"), "chains:map"),
    (_("Notifications"), "notifications:inbox"),
    (_("Meeting agenda"), "notifications:agenda"),
    (_("Scheduled jobs"), "notifications:jobs"),
    (_("Administration"), "admin:index"),
]
# The entry that carries the unread badge, and the URL the badge fetches its count from.
BADGE_ENTRY, BADGE_URL = "notifications:inbox", "notifications:badge"


def url_or_none(url_name):
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def items_for(user):
    if not user.is_authenticated:
        return []
    items = []
    for label, url_name, *for_whom in NAV_ITEMS:
        url = allowed_url(user, url_name)
        if url is not None and all(narrow(user) for narrow in for_whom):
            items.append({"label": label, "url": url, "name": url_name})
    return items
