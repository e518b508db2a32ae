"""Reads for the inbox, the rounds list and the convener's view, computed in the database."""

import datetime as dt
import functools
import time
from types import SimpleNamespace

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import connection, transaction
from django.db.models import Case, CharField, Count, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext

from workdays.services import add_workdays
from xianju_invest.db import execute_prepared

from .enums import OpinionLight, RoundState, Verdict
from .models import ReviewOpinion, ReviewRound, ReviewSettings

CUTOFF_TTL = 30  # seconds
_cutoff = {}  # today -> (monotonic expiry, last day that counts as "due soon")


def _light_cutoffs(today=None):
    """Today and the last day that counts as "due soon" for the lights. Every inbox and convener's
    view needs it; it moves with the date, the setting and the working-day calendar, so each process
    keeps it for half a minute rather than reading both from the cache on every page. A change of
    either is seen at once by the process that saved it (`forget_light_cutoffs`)."""
    today = today or timezone.localdate()
    now = time.monotonic()
    found = _cutoff.get(today)
    if found is None or found[0] <= now:
        found = (now + CUTOFF_TTL, add_workdays(today, ReviewSettings.cached().due_soon_workdays))
        _cutoff.clear()
        _cutoff[today] = found
    return today, found[1]


def forget_light_cutoffs(**kwargs):
    """post_save / post_delete receiver for the review settings and the working-day calendar."""
    _cutoff.clear()


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


def inbox_page(user, *, show="pending", number=1, per_page=25, today=None):
    """One page of the inbox as a Paginator page of display rows (`inbox_row_display`); a page
    number past the end gives the last page, like `Paginator.get_page`.

    The reviewers' daily page: the rows are one prepared statement (`_inbox_sql`), and the total
    for the pager, which took PostgreSQL longer than the rows, is cached (`_inbox_total`).
    """
    show = show if show in ("pending", "signed", "all") else "pending"
    if user.unit_id is None:
        return Paginator([], per_page).get_page(1)
    params = {"unit": user.unit_id, "user": user.pk}
    total = _inbox_total(show, params)
    page = Paginator(range(total), per_page).get_page(number)
    start, size = (page.number - 1) * per_page, len(page.object_list)
    # OFFSET costs grow with the page number: the second half is read backwards from the end.
    backwards = start > total // 2
    params.update(limit=size, offset=total - start - size if backwards else start)
    name = f"review_inbox_{show}{'_backwards' if backwards else ''}"
    with connection.cursor() as cursor:
        execute_prepared(cursor, name, _inbox_sql(show, backwards=backwards), _INBOX_TYPES, params)
        rows = cursor.fetchall()
    page.object_list = inbox_row_display(rows[::-1] if backwards else rows, today)
    return page


INBOX_VERSION_KEY = "reviews:inbox:version"
INBOX_COUNT_TTL = 60


def inbox_changed(**kwargs):
    """post_save / post_delete receiver for rounds and opinions: inbox totals are stale now, and
    again once the change is committed (a total counted in between would be cached stale)."""
    _bump_inbox_version()
    transaction.on_commit(_bump_inbox_version)


def _bump_inbox_version():
    try:
        cache.incr(INBOX_VERSION_KEY)
    except ValueError:
        cache.set(INBOX_VERSION_KEY, 1, None)


def _inbox_total(show, params):
    """How many opinions the inbox lists, cached under a version that every saved or deleted round
    or opinion moves on; writes that bypass the signals are covered by a one-minute expiry."""
    key = f"reviews:inbox:count:{show}:{params['unit']}:{params['user']}"
    found = cache.get_many([INBOX_VERSION_KEY, key])
    version, cached = found.get(INBOX_VERSION_KEY, 0), found.get(key)
    if cached is not None and cached[0] == version:
        return cached[1]
    with connection.cursor() as cursor:
        execute_prepared(
            cursor, f"review_inbox_total_{show}", _inbox_sql(show, total=True), _INBOX_TYPES, params
        )
        total = cursor.fetchone()[0]
    cache.set(key, (version, total), INBOX_COUNT_TTL)
    return total


_INBOX_TYPES = {"unit": "bigint", "user": "bigint", "limit": "bigint", "offset": "bigint"}


@functools.cache
def _inbox_sql(show, total=False, backwards=False):
    """`_inbox_filter` and `_inbox_order` in SQL: one page of rows for `inbox_row_display`, or the total."""
    verdict = {"pending": "AND o.verdict = ''", "signed": "AND o.verdict <> ''"}.get(show, "")
    where = f"""
        FROM reviews_reviewopinion o
        JOIN reviews_reviewround r ON r.id = o.round_id
        WHERE o.unit_id = %(unit)s AND (o.invitee_id IS NULL OR o.invitee_id = %(user)s)
          AND r.state = '{RoundState.OPEN.value}' {verdict}
    """
    if total:
        return f"SELECT count(*) {where}"
    order = ["o.due", "o.id"] if show in ("pending", "signed") else ["(o.verdict <> '')", "o.due", "o.id"]
    order = ", ".join(f"{key} DESC" for key in order) if backwards else ", ".join(order)
    return f"""
        SELECT o.id, o.due, o.verdict, p.name, pl.name, pl.short_name
        {
        where.replace(
            "WHERE",
            "JOIN projects_project p ON p.id = r.project_id "
            "LEFT JOIN org_unit pl ON pl.id = p.platform_id WHERE",
            1,
        )
    }
        ORDER BY {order}
        LIMIT %(limit)s OFFSET %(offset)s
    """


def inbox_row_display(rows, today=None):
    """What each inbox row shows, computed once in Python: light, project, platform, deadline, opinion
    and the opinion page's URL."""
    today, soon = _light_cutoffs(today)
    labels = _inbox_labels(get_language())
    out = []
    for pk, due, verdict, project, platform_name, platform_short in rows:
        light = opinion_light(verdict, due, today, soon)
        out.append(
            {
                "pk": pk,
                "light": light,
                "project": project,
                "platform": platform_short or platform_name or "—",
                "due": due.isoformat(),
                "verdict": verdict,
                "verdict_label": labels[verdict] if verdict else "—",
                "url": url_with_pk("reviews:opinion", pk),
                "action": labels["revise"] if verdict else labels["sign"],
            }
        )
    return out


_PK_MARKER = "987654321"


@functools.cache
def _url_pattern(name):
    return reverse(name, args=[int(_PK_MARKER)])


def url_with_pk(name, pk):
    """reverse(name, args=[pk]) for rows of a page: the URL is resolved once per process."""
    return _url_pattern(name).replace(_PK_MARKER, str(int(pk)))


@functools.cache
def _inbox_labels(language):
    """Opinion labels and the inbox row's action, translated once per language."""
    labels = {verdict: str(verdict.label) for verdict in Verdict}
    labels.update(sign=gettext("Sign"), revise=gettext("Revise"))
    return labels


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
    ).order_by("-state", "-opened_at", "-pk")  # "open" sorts after "concluded": open rounds first


def round_opinions(round_, today=None):
    """The convener's view: every opinion with its light, waiting ones first, then by order."""
    qs = round_.opinions.select_related("unit")  # the API shows signer and invitee by id only
    return annotate_opinion_lights(qs, today).order_by("position", "pk")


def _opinions_for_page(rows, today=None):
    """The convener's view's rows (from `_round_view_sql`): what each table row shows (unit, invitee,
    light, deadline, opinion label and link, signer and time), worked out once."""
    today, soon = _light_cutoffs(today)
    labels = _inbox_labels(get_language())
    opinions = []
    for (pk, unit_code, unit_name, unit_short, required, verdict, reason, conditions, version, due, signed_at,
         signer, invitee) in rows or ():  # fmt: skip
        due = dt.date.fromisoformat(due)
        signed_at = dt.datetime.fromisoformat(signed_at) if signed_at else None
        opinions.append(
            SimpleNamespace(
                pk=pk,
                unit_code=unit_code,
                unit_name=unit_name,
                unit_label=unit_short or unit_name,
                invitee=invitee or "",
                required=required,
                verdict=verdict,
                verdict_label=labels.get(verdict, verdict) if verdict else "",
                reason=reason,
                conditions=conditions,
                version=version,
                due=due,
                due_text=due.isoformat(),
                light=opinion_light(verdict, due, today, soon),
                signed_by=signer or "",
                signed_at_text=timezone.localtime(signed_at).strftime("%m-%d %H:%M") if signed_at else "",
                url=url_with_pk("reviews:opinion", pk),
            )
        )
    return opinions


def round_for_page(pk):
    return ReviewRound.objects.select_related(
        "project__platform", "project__responsible_unit", "convener", "responsible_unit", "concluded_by"
    ).get(pk=pk)


def round_view(pk, today=None):
    """The convener's view in one prepared statement: the round with its project, platform,
    responsible unit and convener (model instances; units and the convener carry only the fields
    their names need), and its opinions in order as display rows (`_opinions_for_page`).

    The page is read all day while a round is open. Built by the ORM, its three queries took longer
    to compile and to turn into model instances than PostgreSQL took to answer them, and PostgreSQL
    longer to plan the joins than to run them.
    """
    sql, layout = _round_view_sql()
    with connection.cursor() as cursor:
        execute_prepared(cursor, "review_round_view", sql, {"pk": "bigint"}, {"pk": pk})
        row = cursor.fetchone()
    if row is None:
        raise ReviewRound.DoesNotExist(f"No review round {pk}")
    objects, start = [], 0
    for model, names in layout:
        values = row[start : start + len(names)]
        start += len(names)
        objects.append(None if values[0] is None else model.from_db(connection.alias, names, values))
    round_, project, platform, responsible_unit, convener = objects
    project.platform = platform
    round_.project, round_.responsible_unit, round_.convener = project, responsible_unit, convener
    return round_, _opinions_for_page(row[-1], today)


@functools.cache
def _round_view_sql():
    from org.models import Unit, User
    from projects.models import Project

    def columns(alias, model, names=None):
        fields = [f for f in model._meta.concrete_fields if names is None or f.attname in names]
        return [f.attname for f in fields], [f'{alias}."{f.column}"' for f in fields]

    parts = [
        ("r", ReviewRound, None),
        ("p", Project, None),
        ("pl", Unit, ("id", "name", "short_name")),
        ("ru", Unit, ("id", "name", "short_name")),
        ("cv", User, ("id", "username", "first_name", "last_name")),
    ]
    layout, selected = [], []
    for alias, model, names in parts:
        attnames, cols = columns(alias, model, names)
        layout.append((model, attnames))
        selected.extend(cols)
    # A person's name as User.__str__ gives it: family name then given name, else the login.
    name = "coalesce(nullif(trim({t}.last_name || {t}.first_name), ''), {t}.username)"
    opinions = f"""
        SELECT json_agg(json_build_array(
                   o.id, u.code, u.name, u.short_name, o.required, o.verdict, o.reason, o.conditions,
                   o.version, o.due, o.signed_at, {name.format(t="s")}, {name.format(t="i")}
               ) ORDER BY o.position, o.id)
        FROM reviews_reviewopinion o
        JOIN org_unit u ON u.id = o.unit_id
        LEFT JOIN org_user s ON s.id = o.signed_by_id
        LEFT JOIN org_user i ON i.id = o.invitee_id
        WHERE o.round_id = r.id
    """
    sql = f"""
        SELECT {", ".join(selected)}, ({opinions})
        FROM reviews_reviewround r
        JOIN projects_project p ON p.id = r.project_id
        LEFT JOIN org_unit pl ON pl.id = p.platform_id
        LEFT JOIN org_unit ru ON ru.id = r.responsible_unit_id
        JOIN org_user cv ON cv.id = r.convener_id
        WHERE r.id = %(pk)s
    """
    return sql, layout


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
