from .navigation import BADGE_ENTRY, BADGE_URL, items_for, url_or_none


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = items_for(user)
    match = getattr(request, "resolver_match", None)
    return {
        "nav_items": items,
        "nav_active": match.view_name if match else None,
        "nav_badge": {"entry": BADGE_ENTRY, "url": url_or_none(BADGE_URL)} if items else None,
    }
