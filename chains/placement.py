"""Where a firm or project sits on the chains: the link whose industry codes match its GB/T 4754
code most closely (longest prefix, then the deeper link), unless staff set the link by hand."""

from .models import ChainLink


def link_for_code(code, *, chain_code=None, platform_id=None):
    """The best-matching link for an industry code, within a chain, else a platform's chains."""
    if not code:
        return None
    links = ChainLink.objects.filter(chain__is_active=True).exclude(industry_codes="")
    if chain_code:
        links = links.filter(chain__code=chain_code)
    elif platform_id:
        links = links.filter(chain__platform_id=platform_id)
    best, best_length = None, 0
    for link in links.order_by("-level", "order", "pk").only("pk", "chain_id", "industry_codes", "level"):
        for prefix in link.codes:
            if code.startswith(prefix) and len(prefix) > best_length:
                best, best_length = link, len(prefix)
    return best


def automatic_link(obj):
    """The link `obj`'s industry code gives it (None without a code or a match)."""
    if not obj.industry_code:
        return None
    chain_code = getattr(obj, "industry_chain_id", None)
    link = link_for_code(obj.industry_code, chain_code=chain_code, platform_id=obj.platform_id)
    if link is None and chain_code:
        link = link_for_code(obj.industry_code, platform_id=obj.platform_id)
    return link


def place(obj):
    """Set `obj.chain_link` (a Project or a company Investor) from its industry code; True if it changed.

    A link set by hand stays, and so does any link of a record without an industry code; a
    project's link also gives it the link's chain.
    """
    is_project = hasattr(obj, "industry_chain_id")
    before = obj.chain_link_id
    if not obj.chain_link_set_by_hand and obj.industry_code:
        obj.chain_link = automatic_link(obj)
    if is_project and obj.chain_link_id and not obj.industry_chain_id:
        obj.industry_chain_id = ChainLink.objects.values_list("chain__code", flat=True).get(
            pk=obj.chain_link_id
        )
    return obj.chain_link_id != before
