"""Who may do what in pre-review; used by services, views and the API alike."""

from org import permissions as org_can


def can_convene(user):
    """Promotion staff open rounds, add the "X", set the threshold and close rounds."""
    return org_can.is_promotion_staff(user)


def can_sign(user, opinion):
    """Only a member of the opinion's unit (and, for a named invitee, only that person)."""
    return org_can.can_sign_for(user, opinion.unit_id) and (
        opinion.invitee_id is None or opinion.invitee_id == user.pk
    )


def can_view_round(user, round_):
    from .models import ReviewRound

    return ReviewRound.objects.visible_to(user).filter(pk=round_.pk).exists()


def can_see_every_opinion(user):
    """The convener's view (every opinion, who is late) is for staff and leaders."""
    return user.is_authenticated and (user.has_perm("org.manage_pipeline") or user.has_perm("org.view_all"))
