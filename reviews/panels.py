"""What pre-review shows on the home page (registered from ReviewsConfig.ready): the opinions
waiting on a reviewer's unit, an expert's own opinions, and the convener's open rounds with whom
each still waits on. Read through the inbox's and the rounds list's querysets.

The panels are kept drawn in `caches.review_figures` (which says what moves it): a reviewer sees
their count change on the page that follows their signature."""

from django.db.models import Count, Min, Q
from django.utils.translation import gettext_lazy as _

from org import permissions as org_can
from projects.confidential import shown_name_expression
from xianju_invest.panels import register_panel

from . import permissions as can
from . import selectors
from .caches import review_figures
from .enums import RoundState
from .models import ReviewOpinion, ReviewRound

ROWS = 5


def _unit_reviewer(user):
    return org_can.is_reviewer(user) and not org_can.is_expert(user)


def waiting_opinions(user, *, today):
    """Unsigned opinions of the viewer's unit in open rounds: count, late, nearest deadline and the
    first rows, late ones first (the inbox's order: nearest deadline first). Three queries."""
    pending = ReviewOpinion.objects.for_user(user).filter(round__state=RoundState.OPEN)
    figures = pending.aggregate(
        total=Count("pk", filter=Q(verdict="")),
        late=Count("pk", filter=Q(verdict="", due__lt=today)),
        nearest=Min("due", filter=Q(verdict="")),
        signed=Count("pk", filter=~Q(verdict="")),
    )
    rows = list(
        selectors.inbox(user, show="pending", today=today)
        .annotate(project_shown_name=shown_name_expression(user, "round__project__"))
        .values(*selectors.INBOX_ROW_FIELDS, "project_shown_name")[:ROWS]
    )
    return {**figures, "rows": rows, "next": rows[0] if rows else None, "today": today}


def open_rounds(user, *, today):
    """Open rounds the viewer may see (the rounds list's queryset and order), newest first, with
    each one's tally and the units it still waits on, late ones marked. Three queries: the page's
    few rounds' opinions are read in one, rather than the list's four subqueries per row."""
    rounds = ReviewRound.objects.visible_to(user).open()
    total = rounds.count()
    rows = list(rounds.order_by("-state", "-opened_at", "-pk").values("pk", "project__name")[:ROWS])
    by_round = {r["pk"]: {**r, "signed": 0, "total": 0, "waiting": []} for r in rows}
    opinions = (
        ReviewOpinion.objects.filter(round__in=list(by_round))
        .order_by("due", "position", "pk")
        .values("round_id", "verdict", "due", "unit__name", "unit__short_name")
    )
    for o in opinions:
        r = by_round[o["round_id"]]
        r["total"] += 1
        if o["verdict"]:
            r["signed"] += 1
        else:
            unit = o["unit__short_name"] or o["unit__name"]
            r["waiting"].append({"unit": unit, "due": o["due"], "late": o["due"] < today})
    return {"total": total, "rows": list(by_round.values())}


def register():
    register_panel(
        "reviews.waiting",
        title=_("Opinions waiting on your unit"),
        order=10,
        template="reviews/panels/waiting.html",
        visible=_unit_reviewer,
        source=waiting_opinions,
        cache=review_figures,
    )
    register_panel(
        "reviews.expert",
        title=_("My opinions"),
        order=10,
        template="reviews/panels/waiting.html",
        visible=lambda u: org_can.is_reviewer(u) and org_can.is_expert(u),
        source=waiting_opinions,
        cache=review_figures,
    )
    register_panel(
        "reviews.rounds",
        title=_("Open pre-review rounds"),
        order=30,
        template="reviews/panels/rounds.html",
        visible=can.can_convene,
        source=open_rounds,
        cache=review_figures,
    )
