from .navigation import items_for, links_html


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = items_for(user)
    match = getattr(request, "resolver_match", None)
    return {"nav_items": items, "nav_links": links_html(items, match.view_name if match else None)}
