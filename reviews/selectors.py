"""Reads for the inbox, the rounds list and the convener's view, computed in the database.

Pages and the API read through the same querysets: `inbox` for a reviewer's opinions, `rounds_list`
for rounds with their tallies, `round_opinions` for one round's opinions as the viewer may see them.
"""

from django.db.models import Case, CharField, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from projects.confidential import shown_name_expression
from projects.pagination import TwoEndedPaginator
from workdays.services import add_workdays

from .caches import review_figures
from .enums import OpinionLight, RoundState
from .models import ReviewOpinion, ReviewRound, ReviewSettings

INBOX_SHOWS = ("pending", "signed", "all")
# What an inbox row shows (the page reads these values; the API reads model instances).
INBOX_ROW_FIELDS = (
    "pk",
    "due",
    "verdict",
    "light",
    "round__project__name",
    "round__project__platform__name",
    "round__project__platform__short_name",
)


def due_soon_date(today):
    """The last deadline that shows the 'due soon' light today (the settings' working days ahead)."""
    return add_workdays(today, ReviewSettings.load().due_soon_workdays)


def annotate_opinion_lights(queryset, today=None, soon=None):
    """`light`: done once signed; red past the deadline; yellow within the 'due soon' window."""
    today = today or timezone.localdate()
    soon = soon or due_soon_date(today)
    return queryset.annotate(
        light=Case(
            When(~Q(verdict=""), then=Value(OpinionLight.DONE)),
            When(due__lt=today, then=Value(OpinionLight.RED)),
            When(due__lte=soon, then=Value(OpinionLight.YELLOW)),
            default=Value(OpinionLight.GREEN),
            output_field=CharField(),
        )
    )


def inbox(user, *, show="pending", today=None, soon=None):
    """The opinions of the user's unit (named invitees: their own) in open rounds, with their light.

    Unsigned first, nearest deadline first. With one kind of row only (pending or signed) the order
    is plain (due, pk), so the database walks the (unit, verdict, due) index and stops at the page.
    """
    qs = ReviewOpinion.objects.for_user(user).filter(round__state=RoundState.OPEN)
    if show == "pending":
        qs = qs.filter(verdict="")
        order = ("due", "pk")
    elif show == "signed":
        qs = qs.exclude(verdict="")
        order = ("due", "pk")
    else:
        order = (Case(When(verdict="", then=Value(0)), default=Value(1)), "due", "pk")
    return annotate_opinion_lights(qs, today, soon).order_by(*order)


class InboxPaginator(TwoEndedPaginator):
    """The ledger's two-ended pages (pages in the second half read backwards from the end), with
    the total kept in `review_figures`, which every signature, opening and conclusion moves."""

    count_cache = review_figures


def inbox_page(user, *, show="pending", number=1, per_page=25, today=None, soon=None):
    """One page of the inbox (rows as `INBOX_ROW_FIELDS` values); past the end, the last page."""
    rows = (
        inbox(user, show=show, today=today, soon=soon)
        .annotate(project_shown_name=shown_name_expression(user, "round__project__"))
        .values(*INBOX_ROW_FIELDS, "project_shown_name")
    )
    return InboxPaginator(rows, per_page).get_page(number)


def _opinion_count(**filters):
    qs = ReviewOpinion.objects.filter(round=OuterRef("pk"), **filters).order_by().values("round")
    return Coalesce(Subquery(qs.annotate(n=Count("pk")).values("n")), 0)


def rounds_list(*, user, state=None, q="", today=None):
    """Rounds with their tallies: signed / total, late, nearest open deadline; open ones first.

    The tallies are correlated subqueries, so the database computes them only for the rows of the
    page; the order walks the (state, opened_at, id) index backwards.
    """
    today = today or timezone.localdate()
    qs = ReviewRound.objects.visible_to(user)
    if state in RoundState.values:
        qs = qs.filter(state=state)
    if q:
        qs = qs.filter(project__name__icontains=q)
    next_due = (
        ReviewOpinion.objects.filter(round=OuterRef("pk"), verdict="").order_by("due").values("due")[:1]
    )
    return qs.annotate(
        opinions_total=_opinion_count(),
        opinions_signed=_opinion_count(verdict__gt=""),
        opinions_late=_opinion_count(verdict="", due__lt=today),
        next_due=Subquery(next_due),
    ).order_by("-state", "-opened_at", "-pk")  # "open" sorts after "concluded": open rounds first


def round_heading(pk):
    """A round with what the convener's view shows around its drawn fragments: its state and its
    project's name (the fragments read `round_for_page`, only when they are drawn). Kept in
    `review_figures`, which every save of a round or a project moves; DoesNotExist if none."""
    fields = ("state", "project", "project__name", "project__code_name", "project__confidential")
    read = ReviewRound.objects.select_related("project").only(*fields)
    return review_figures.get_or_set(f"round-heading:{pk}", lambda: read.get(pk=pk))


def round_for_page(pk):
    return ReviewRound.objects.select_related(
        "project__platform", "project__responsible_unit", "convener", "responsible_unit", "concluded_by"
    ).get(pk=pk)


def round_opinions(round_, *, user, today=None, soon=None):
    """The opinions of a round this user may see (`ReviewOpinion.objects.visible_to`), with their
    light, in the round's order; page and API alike."""
    qs = round_.opinions.visible_to(user).select_related("unit", "signed_by", "invitee")
    return annotate_opinion_lights(qs, today, soon).order_by("position", "pk")


def minutes_context(round_):
    """Everything the minutes show, for the printable page and the PDF alike."""
    from .rules import WAN, below_threshold, threshold_checks

    project = round_.project
    opinions = list(round_.opinions.select_related("unit", "signed_by", "invitee").order_by("position", "pk"))
    return {
        "round": round_,
        "project": project,
        "minutes": round_.minutes,
        "opinions": opinions,
        "total_investment_wan": project.total_investment / WAN,
        "fai_wan": project.fixed_asset_investment / WAN,
        "checks": threshold_checks(round_, project),
        "below_threshold": below_threshold(round_, project),
        "responsible_unit": round_.responsible_unit,
        "project_deadline": round_.project_deadline,
    }
