"""What the header's search finds in pre-review (registered from ReviewsConfig.ready): rounds by
minutes number, or by project name, among the rounds the viewer may see (a reviewer or an expert:
those they are invited to)."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from projects.confidential import shown_name_expression
from xianju_invest.search import object_url, register_search_source

from .enums import Outcome, RoundState
from .models import ReviewRound


def find_rounds(user, query, *, limit):
    # A confidential project is found, and shown, by the name the viewer may read (its code name).
    rounds = (
        ReviewRound.objects.visible_to(user)
        .annotate(project_shown_name=shown_name_expression(user, "project__"))
        .filter(Q(minutes__number__iexact=query) | Q(project_shown_name__icontains=query))
    )
    rows = list(
        rounds.order_by("-opened_at", "-id").values(
            "pk", "state", "outcome", "project_shown_name", "minutes__number"
        )[:limit]
    )
    url = object_url("reviews:round")
    for row in rows:
        row["url"] = url(row["pk"])
        row["state_label"] = RoundState(row["state"]).label
        row["outcome_label"] = Outcome(row["outcome"]).label if row["outcome"] in Outcome.values else ""
    return {"rows": rows}


def register():
    register_search_source(
        "reviews",
        title=_("Pre-review rounds"),
        order=20,
        template="reviews/search/results.html",
        visible=lambda user: user.is_authenticated,
        source=find_rounds,
    )
