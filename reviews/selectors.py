"""Reads for the inbox, the rounds list and the convener's view, computed in the database."""

from django.core.paginator import Paginator
from django.db.models import Case, CharField, Count, F, Func, IntegerField, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext

from workdays.services import add_workdays

from .enums import OpinionLight, RoundState, Verdict
from .models import ReviewOpinion, ReviewRound, ReviewSettings


def _light_cutoffs(today=None):
    today = today or timezone.localdate()
    return today, add_workdays(today, ReviewSettings.cached().due_soon_workdays)


def opinion_light(verdict, due, today, soon):
    """The same rule as `annotate_opinion_lights`, for rows read with `values()`."""
    if verdict:
        return OpinionLight.DONE
    if due < today:
        return OpinionLight.RED
    if due <= soon:
        return OpinionLight.YELLOW
    return OpinionLight.GREEN


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


def _inbox_filter(user, show):
    qs = ReviewOpinion.objects.for_user(user).filter(round__state=RoundState.OPEN)
    if show == "pending":
        qs = qs.filter(verdict="")
    elif show == "signed":
        qs = qs.exclude(verdict="")
    return qs


def _inbox_order(show):
    """Unsigned first, nearest deadline first. With one kind of row only (pending or signed) the
    order is plain (due, pk), so PostgreSQL walks the (unit, verdict, due) index and stops at the LIMIT."""
    if show in ("pending", "signed"):
        return ("due", "pk")
    return (Case(When(verdict="", then=Value(0)), default=Value(1)), "due", "pk")


INBOX_ROW_FIELDS = (
    "pk",
    "due",
    "verdict",
    "round__project__name",
    "round__project__platform__name",
    "round__project__platform__short_name",
)


def inbox_page(user, *, show="pending", number=1, per_page=25, today=None):
    """One page of the inbox as a Paginator page of display rows (`inbox_row_display`).

    The total for the pager comes with the rows as an uncorrelated scalar subquery (PostgreSQL runs it
    once), so a page costs one query instead of COUNT + SELECT; a page past the end falls back to the
    paginator (count, then the last page), like `Paginator.get_page`.
    """
    try:
        number = max(1, int(number))
    except (TypeError, ValueError):
        number = 1
    offset = (number - 1) * per_page
    count = Func(F("pk"), function="COUNT", output_field=IntegerField())  # no GROUP BY: one scalar
    total = _inbox_filter(user, show).order_by().values(n=count)
    counted = (
        _inbox_filter(user, show)
        .annotate(total=Subquery(total))
        .order_by(*_inbox_order(show))
        .values_list(*INBOX_ROW_FIELDS, "total")
    )
    rows = list(counted[offset : offset + per_page])
    paginator = Paginator(counted, per_page)
    if rows or number == 1:
        paginator.count = rows[0][-1] if rows else 0  # a cached_property: no COUNT query
        page = paginator.page(number)
    else:
        page = paginator.get_page(number)
        rows = list(page.object_list)
    page.object_list = inbox_row_display([row[:-1] for row in rows], today)
    return page


LIGHT_BADGES = {
    OpinionLight.RED: "bg-danger",
    OpinionLight.YELLOW: "bg-warning text-dark",
    OpinionLight.DONE: "bg-secondary",
    OpinionLight.GREEN: "bg-success",
}


def inbox_row_display(rows, today=None):
    """What each inbox row shows, computed once in Python: light, project, platform, deadline, opinion
    and the opinion page's URL."""
    today, soon = _light_cutoffs(today)
    marker = 987654321
    url_pattern = reverse("reviews:opinion", args=[marker])
    verdicts = dict(Verdict.choices)
    lights = {light: str(light.label) for light in OpinionLight}
    sign, revise = gettext("Sign"), gettext("Revise")
    out = []
    for pk, due, verdict, project, platform_name, platform_short in rows:
        light = opinion_light(verdict, due, today, soon)
        out.append(
            {
                "pk": pk,
                "light": light,
                "badge": LIGHT_BADGES[light],
                "light_label": lights[light],
                "project": project,
                "platform": platform_short or platform_name or "—",
                "due": due.isoformat(),
                "verdict": verdict,
                "verdict_label": verdicts.get(verdict, "—") if verdict else "—",
                "url": url_pattern.replace(str(marker), str(pk)),
                "action": revise if verdict else sign,
            }
        )
    return out


def inbox_for(user, *, show="pending", today=None):
    """Opinions of the user's unit in open rounds (model instances with `light`, for the API)."""
    qs = _inbox_filter(user, show)
    # Only the columns the inbox shows: the project rows are wide.
    qs = qs.select_related("round__project", "unit").only(
        *OPINION_COLUMNS,
        "round__state",
        "round__project__name",
        "unit__name",
        "unit__short_name",
    )
    return annotate_opinion_lights(qs, today).order_by(*_inbox_order(show))


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
    qs = round_.opinions.select_related("unit")  # the API shows signer and invitee by id only
    return annotate_opinion_lights(qs, today).order_by("position", "pk")


def round_opinions_for_page(round_, today=None):
    """The convener's view's rows: `round_opinions` as a list, with what each table row shows
    computed once in Python (light, deadline text, opinion label and link). Joins only the unit and
    loads the signers and invitees in one look-up: a 4-table join costs PostgreSQL more to plan
    than to run."""
    from org.models import User

    today, soon = _light_cutoffs(today)
    opinions = list(round_.opinions.select_related("unit").order_by("position", "pk"))
    user_ids = {o.signed_by_id for o in opinions} | {o.invitee_id for o in opinions}
    user_ids.discard(None)
    users = User.objects.in_bulk(user_ids) if user_ids else {}
    marker = 987654321
    url_pattern = reverse("reviews:opinion", args=[marker])
    verdicts = dict(Verdict.choices)
    for o in opinions:
        o.signed_by = users.get(o.signed_by_id)
        o.invitee = users.get(o.invitee_id)
        o.light = opinion_light(o.verdict, o.due, today, soon)
        o.due_text = o.due.isoformat()
        o.signed_at_text = timezone.localtime(o.signed_at).strftime("%m-%d %H:%M") if o.signed_at else ""
        o.verdict_label = verdicts.get(o.verdict, "") if o.verdict else ""
        o.url = url_pattern.replace(str(marker), str(o.pk))
    return opinions


def round_for_page(pk):
    return ReviewRound.objects.select_related(
        "project__platform", "project__responsible_unit", "convener", "responsible_unit", "concluded_by"
    ).get(pk=pk)


def round_for_view(pk):
    """The convener's view needs fewer relations than the minutes: a 7-table join takes PostgreSQL
    ~2 ms to plan, the 5 tables this page shows well under half that."""
    return ReviewRound.objects.select_related("project__platform", "convener", "responsible_unit").get(pk=pk)


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
