"""Who may do what with chains: predicates shared by views, the API and services."""

from org import permissions as org_can


def can_view_chains(user):
    """The chain map and leader's view: staff and leaders (who read everything), and chain chiefs."""
    return org_can.can_view_all(user) or (user.is_authenticated and user.chief_of_chains.exists())


def can_manage_chains(user):
    """Import target lists, assign owners, mark contacts, make leads, place firms by hand."""
    return user.is_authenticated and user.has_perm("chains.manage_chains")
