"""Who may do what in unit scoring; used by services, views and the API alike."""

from .enums import GROUP_UNIT_KIND

SCORED_KINDS = set(GROUP_UNIT_KIND.values())


def can_manage(user):
    """Promotion staff enter adjustments, credits and bundles, and post challenges."""
    return user is not None and user.is_authenticated and user.has_perm("scoring.manage_scoring")


def is_scored_unit(unit):
    return unit is not None and unit.kind in SCORED_KINDS


def can_claim(user):
    """A member of a township, county department or platform claims challenges for its unit."""
    return (
        user is not None and user.is_authenticated and user.unit_id is not None and is_scored_unit(user.unit)
    )


def can_view_board(user):
    """The league table is published to every signed-in account (晾晒)."""
    return user is not None and user.is_authenticated
