"""The navigation bar: a few menus of entries, drawn by `templates/partials/nav_links.html`.

An entry is shown when its page's own gate lets the viewer in (`org.access.may_open`, the predicate
the view itself checks), so the bar never offers a page that answers 403. An entry may also name who
it is *for* (a page several roles may open but only one works in daily); that narrows, never widens.
Each app adds its entries here; an entry whose URL is not installed yet is skipped.

Entries are grouped into menus (`NAV_MENUS`) so the bar fits one line on a desktop; a menu with a
single entry for this viewer is drawn as a plain link.

What a request pays: the URL and the gate of each entry are looked up once per process (the URLconf
does not change while it runs); which entries a viewer may open is kept with their permission set
in `org.backends.permission_sets` (keyed by what else the gates read: superuser and staff flags,
unit and its kind), so it moves with it, and with a change of a chain's chief (chains/apps.py);
the drawn bar is kept per process under what it shows (the entries, the language, the active
entry), so it needs no invalidation of its own. A page's bar costs no query.
"""

from django.template.loader import render_to_string
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from xianju_invest.cache import register_process_memo

from .access import gate_of_url
from .backends import permission_sets


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
# The menus, in the bar's order: (key, label or None for entries drawn as plain links, url names).
NAV_MENUS = [
    ("home", None, ["home"]),
    (
        "projects",
        _("Projects"),
        ["projects:list", "projects:dashboard", "investors:list", "referrals:queue", "chains:map"],
    ),
    ("reviews", _("Pre-review"), ["reviews:inbox", "reviews:rounds", "notifications:agenda"]),
    (
        "rewards",
        _("Rewards and league"),
        ["incentives:list", "incentives:queue", "scoring:board", "scoring:challenges"],
    ),
    ("aftercare", None, ["aftercare:list"]),
    ("notifications", None, ["notifications:inbox"]),
    ("system", _("System"), ["notifications:jobs", "admin:index"]),
]
# The entry that carries the unread badge, and the URL the badge fetches its count from.
BADGE_ENTRY, BADGE_URL = "notifications:inbox", "notifications:badge"

_entries = {}  # (urlconf, script prefix) -> [(label, url name, url, gate, narrowers)]
_drawn = {}  # what the bar shows -> its HTML
_DRAWN_MAX = 512


@register_process_memo
def _forget():
    _entries.clear()
    _drawn.clear()


def url_or_none(url_name):
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def _installed_entries():
    """Each installed entry with its URL and its view's gate, looked up once per URLconf."""
    key = (get_urlconf(), get_script_prefix())
    found = _entries.get(key)
    if found is None:
        found = []
        for label, url_name, *for_whom in NAV_ITEMS:
            url = url_or_none(url_name)
            if url is not None:
                found.append((label, url_name, url, gate_of_url(url), for_whom))
        _entries[key] = found
    return found


def _open_names(user, entries):
    return tuple(
        url_name
        for _label, url_name, _url, gate, for_whom in entries
        if gate is not False and (gate is None or gate(user)) and all(narrow(user) for narrow in for_whom)
    )


def items_for(user):
    """The entries `user` may open, in the bar's order: [{"label", "url", "name"}]."""
    if not user.is_authenticated:
        return []
    entries = _installed_entries()
    kind = user.unit.kind if user.unit_id is not None else ""
    key = f"nav:{user.pk}:{int(user.is_superuser)}:{int(user.is_staff)}:{user.unit_id}:{kind}"
    names = set(permission_sets.get_or_set(key, lambda: _open_names(user, entries)))
    return [
        {"label": label, "url": url, "name": url_name}
        for label, url_name, url, _gate, _for_whom in entries
        if url_name in names
    ]


def menus_for(items, active=None):
    """The entries in the bar's menus, empty ones left out: [{"key", "label", "items", "active"}]."""
    by_name = {item["name"]: item for item in items}
    menus = []
    for key, label, names in NAV_MENUS:
        entries = [by_name[name] for name in names if name in by_name]
        if entries:
            menus.append({"key": key, "label": label, "items": entries, "active": active in names})
    return menus


def draw(user, active):
    """The bar's HTML for `user` with `active` (a URL name) marked; drawn once per process for each
    set of entries, language and active entry."""
    items = items_for(user)
    if not items:
        return ""
    names = tuple(item["name"] for item in items)
    key = (get_urlconf(), get_script_prefix(), names, get_language(), active if active in names else None)
    html = _drawn.get(key)
    if html is None:
        if len(_drawn) >= _DRAWN_MAX:
            _drawn.clear()
        badge = {"entry": BADGE_ENTRY, "url": url_or_none(BADGE_URL)}
        html = render_to_string(
            "partials/nav_links.html",
            {"menus": menus_for(items, active), "nav_active": active, "nav_badge": badge},
        )
        _drawn[key] = html
    return html
