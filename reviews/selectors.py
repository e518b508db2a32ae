"""Reads for the inbox, the rounds list and the convener's view, computed in the database."""

from django.db.models import Case, CharField, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from workdays.services import add_workdays

from .enums import OpinionLight, RoundState
from .models import ReviewOpinion, ReviewRound, ReviewSettings


def _light_cutoffs(today=None):
    today = today or timezone.localdate()
    return today, add_workdays(today, ReviewSettings.load().due_soon_workdays)


def annotate_opinion_lights(queryset, today=None):
    """`light`: done once signed; red past the deadline; yellow within the 'due soon' window."""
    today, soon = _light_cutoffs(today)
    return queryset.annotate(
        light=Case(
            When(~Q(verdict=""), then=Value(OpinionLight.DONE)),
            When(due__lt=today, then=Value(OpinionLight.RED)),
            When(due__lte=soon, then=Value(OpinionLight.YELLOW)),
            default=Value(OpinionLight.GREEN),
            output_field=CharField(),
        )
    )


OPINION_COLUMNS = [f.name for f in ReviewOpinion._meta.concrete_fields]


def inbox_for(user, *, show="pending", today=None):
    """Opinions of the user's unit in open rounds: unsigned first, nearest deadline first."""
    qs = ReviewOpinion.objects.for_user(user).filter(round__state=RoundState.OPEN)
    if show == "pending":
        qs = qs.filter(verdict="")
    elif show == "signed":
        qs = qs.exclude(verdict="")
    # Only the columns the inbox shows: the project rows are wide.
    qs = qs.select_related("round__project__platform", "unit").only(
        *OPINION_COLUMNS,
        "round__state",
        "round__project__name",
        "round__project__platform__name",
        "round__project__platform__short_name",
        "unit__name",
        "unit__short_name",
    )
    return annotate_opinion_lights(qs, today).order_by(
        Case(When(verdict="", then=Value(0)), default=Value(1)), "due", "pk"
    )


def _opinion_count(**filters):
    qs = ReviewOpinion.objects.filter(round=OuterRef("pk"), **filters).order_by().values("round")
    return Coalesce(Subquery(qs.annotate(n=Count("pk")).values("n")), 0)


def rounds_list(*, user, state=None, q="", today=None):
    """Rounds with their tallies: signed / total, late, nearest open deadline; open ones first.

    The tallies are correlated subqueries, so PostgreSQL computes them only for the rows of the page.
    """
    today = today or timezone.localdate()
    qs = ReviewRound.objects.visible_to(user).select_related("project__platform", "convener")
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
    ).order_by(Case(When(state=RoundState.OPEN, then=Value(0)), default=Value(1)), "-opened_at", "-pk")


def round_opinions(round_, today=None):
    """The convener's view: every opinion with its light, waiting ones first, then by order."""
    qs = round_.opinions.select_related("unit", "invitee", "signed_by")
    return annotate_opinion_lights(qs, today).order_by("position", "pk")


def round_for_page(pk):
    return ReviewRound.objects.select_related(
        "project__platform", "project__responsible_unit", "convener", "responsible_unit", "concluded_by"
    ).get(pk=pk)


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
