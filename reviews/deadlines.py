"""Open opinion deadlines for the notifications reminder sweep (registered in apps.py)."""

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext as _

from notifications.deadlines import Deadline
from projects.confidential import code_name_everywhere

from .enums import RoundState
from .models import ReviewOpinion


def _reviewer_ids_by_unit():
    """{unit_id: (user ids with sign_review)}, one query; units are few, opinions many."""
    by_unit = {}
    rows = (
        get_user_model()
        .objects.filter(is_active=True, unit__isnull=False, groups__permissions__codename="sign_review")
        .values_list("unit_id", "pk")
        .distinct()
        .order_by("unit_id", "pk")
    )
    for unit_id, user_id in rows:
        by_unit.setdefault(unit_id, []).append(user_id)
    return {k: tuple(v) for k, v in by_unit.items()}


def open_opinion_deadlines():
    """Every opinion still unsigned in an open round, streamed in flat memory."""
    reviewers = _reviewer_ids_by_unit()
    rows = (
        ReviewOpinion.objects.filter(round__state=RoundState.OPEN, verdict="")
        .values_list(
            "pk",
            "due",
            "unit_id",
            "unit__name",
            "unit__head_id",
            "invitee_id",
            "round__convener_id",
            "round__project__name",
            "round__project__code_name",
            "round__project__confidential",
        )
        .order_by("due", "pk")
        .iterator(chunk_size=2000)
    )
    for pk, due, unit_id, unit_name, head_id, invitee_id, convener_id, name, code_name, secret in rows:
        project_name = code_name_everywhere(name, code_name, secret)
        signers = (invitee_id,) if invitee_id else reviewers.get(unit_id, ())
        yield Deadline(
            key=f"review-opinion:{pk}",
            due=due,
            title=_("%(unit)s's pre-review opinion on “%(project)s”")
            % {"unit": unit_name, "project": project_name},
            url=reverse("reviews:opinion", args=[pk]),
            escalation=(signers, (head_id,) if head_id else (), (convener_id,)),
        )
