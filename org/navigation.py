"""The navigation bar: one list, filtered by what the viewer may do; drawn by
`templates/partials/nav_links.html`.

Each app adds its entries here; an entry whose URL is not installed yet is skipped.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from . import permissions as can

# (label, url name, predicate(user))
NAV_ITEMS = [
    (_("Home"), "home", lambda u: True),
    (_("Ledger"), "projects:list", can.can_view_all),
    (_("Dashboard"), "projects:dashboard", can.can_view_all),
    (_("My reviews"), "reviews:inbox", can.is_reviewer),
    (_("Review rounds"), "reviews:rounds", can.is_promotion_staff),
    (_("Investors"), "investors:list", can.can_view_all),
    (_("Referrals"), "referrals:queue", lambda u: u.has_perm("org.triage_referrals")),
    (_("Rewards"), "incentives:list", lambda u: can.can_view_all(u) or u.has_perm("incentives.pay_rewards")),
    (_("Reward approvals"), "incentives:queue", lambda u: u.has_perm("org.approve_rewards")),
    (_("League table"), "scoring:board", lambda u: u.is_authenticated),
    (_("Challenges"), "scoring:challenges", lambda u: u.is_authenticated),
    (_("Notifications"), "notifications:inbox", lambda u: True),
    (_("Meeting agenda"), "notifications:agenda", can.can_view_all),
    (_("Scheduled jobs"), "notifications:jobs", can.is_administrator),
    (_("Administration"), "admin:index", can.is_administrator),
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
    for label, url_name, allowed in NAV_ITEMS:
        url = url_or_none(url_name)
        if url is not None and allowed(user):
            items.append({"label": label, "url": url, "name": url_name})
    return items
