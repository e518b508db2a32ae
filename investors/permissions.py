"""Who may read and keep investor records; used by views, the API and services alike."""

from org.permissions import can_view_all


def can_view_investors(user):
    """The centre, leaders and administrators read the investor records (they hold personal data)."""
    return can_view_all(user)


def can_manage_investors(user):
    return bool(user and user.is_authenticated and user.has_perm("investors.manage_investors"))


def sees_contact_details(user):
    """Full mobiles and ID numbers: only those who keep the records; everyone else reads them masked."""
    return can_manage_investors(user)
