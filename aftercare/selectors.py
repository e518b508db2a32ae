"""Reads: request lists through the one permission filter, unit statistics aggregated in the
database, the deadlines the reminder sweep reads, and the published answers."""

import datetime as dt

from django.contrib.auth import get_user_model
from django.db.models import Case, Count, F, IntegerField, Q, Value, When
from django.db.models.functions import TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.deadlines import Deadline
from org.models import Unit

from .enums import CLOSED_STATES, WORKING_STATES, RequestState
from .models import ServiceRequest
from .services.sweeps import overdue_q

S = RequestState
# The request list page's columns (aftercare/list.html reads them as plain rows).
LIST_COLUMNS = (
    "pk",
    "title",
    "category",
    "state",
    "urgency",
    "filed_on",
    "close_due",
    "escalation_level",
    "project__name",
    "lead_unit__name",
)


def _users_with(codename):
    return get_user_model().objects.filter(is_active=True, groups__permissions__codename=codename)


def centre_user_ids():
    return list(_users_with("route_request").values_list("pk", flat=True).distinct())


def leader_ids():
    return tuple(_users_with("decide").values_list("pk", flat=True).distinct().order_by("pk"))


def enterprise_user_ids(request):
    from .models import EnterpriseAccount

    return list(
        EnterpriseAccount.objects.filter(company_key=request.company_key).values_list("user_id", flat=True)
    )


def handler_ids(request):
    """The people of the units on the request, with the cadre and deputy."""
    units = request.assignments.filter(active=True).values_list("unit_id", flat=True)
    ids = set(_users_with("handle_request").filter(unit_id__in=units).values_list("pk", flat=True))
    ids |= {i for i in (request.project.service_cadre_id, _deputy_id(request.project)) if i}
    return sorted(ids)


def _deputy_id(project):
    deputy = getattr(
        project, "cadre_deputy", None
    )  # the reverse one-to-one raises AttributeError when absent
    return deputy.deputy_id if deputy else None


def request_list(user, *, state="", category="", unit=None, q=""):
    """The list every page, export and API reads: the permission filter, then the filters."""
    qs = ServiceRequest.objects.for_user(user)
    if state == "open":
        qs = qs.exclude(state__in=CLOSED_STATES)
    elif state in S.values:
        qs = qs.filter(state=state)
    if category:
        qs = qs.filter(category=category)
    if unit:
        qs = qs.filter(lead_unit_id=unit)
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(project__name__icontains=q))
    return (
        qs.select_related("project", "lead_unit")
        .only(
            "title",
            "category",
            "state",
            "urgency",
            "filed_on",
            "close_due",
            "escalation_level",
            "blocks_milestone",
            "company_key",
            "project__name",
            "lead_unit__name",
        )
        .order_by("-filed_on", "-id")
    )


def request_detail_queryset(user):
    return (
        ServiceRequest.objects.for_user(user)
        .select_related(
            "project",
            "project__service_cadre",
            "project__cadre_deputy__deputy",
            "lead_unit",
            "filed_by",
            "policy",
        )
        .prefetch_related("assignments__unit", "attachments", "pauses", "extensions")
    )


def percent(part, whole):
    return round(100 * part / whole, 1) if whole else None


# The figures the statistics page and the board's enterprise-service rule share (one definition each).
RATED = Q(rating__isnull=False)
SATISFIED = Q(rating__gte=4)


def overdue_figure(today):
    """Overdue: a clock missed (contacted late, resolution proposed after the close date) or a clock
    still running past its date on `today`."""
    return overdue_q(today) | Q(contacted_on__gt=F("contact_due")) | Q(proposed_on__gt=F("close_due"))


def unit_statistics(*, start, end, unit=None, today=None):
    """Per lead unit and month of assignment, in one aggregate query: assigned, contacted on time,
    closed (solved + unconfirmed) and closed on time, solved (confirmed), satisfied, overdue."""
    today = today or timezone.localdate()
    closed = Q(state__in=[S.SOLVED, S.UNCONFIRMED])
    qs = ServiceRequest.objects.filter(assigned_on__gte=start, assigned_on__lt=end, lead_unit__isnull=False)
    if unit is not None:
        qs = qs.filter(lead_unit=unit)
    rows = (
        qs.annotate(month=TruncMonth("assigned_on"))
        # Grouped by ids only (the unit names join the few result rows below): a narrower sort.
        .values("lead_unit", "month")
        .annotate(
            assigned=Count("pk"),
            contacted_on_time=Count("pk", filter=Q(contacted_on__lte=F("contact_due"))),
            closed=Count("pk", filter=closed),
            closed_on_time=Count("pk", filter=closed & Q(proposed_on__lte=F("close_due"))),
            solved=Count("pk", filter=Q(state=S.SOLVED)),
            unconfirmed=Count("pk", filter=Q(state=S.UNCONFIRMED)),
            withdrawn=Count("pk", filter=Q(state=S.WITHDRAWN)),
            rated=Count("pk", filter=RATED),
            satisfied=Count("pk", filter=SATISFIED),
            overdue=Count("pk", filter=overdue_figure(today)),
        )
        .order_by()
    )
    rows = list(rows)
    names = dict(Unit.objects.filter(pk__in={r["lead_unit"] for r in rows}).values_list("pk", "name"))
    result = []
    for row in sorted(rows, key=lambda r: (r["month"], names.get(r["lead_unit"], ""))):
        row["lead_unit__name"] = names.get(row["lead_unit"], "")
        month = row["month"]
        row["month"] = month.date() if isinstance(month, dt.datetime) else month
        row["contacted_on_time_pct"] = percent(row["contacted_on_time"], row["assigned"])
        row["closed_on_time_pct"] = percent(row["closed_on_time"], row["closed"])
        row["solved_pct"] = percent(row["solved"], row["closed"])
        row["satisfied_pct"] = percent(row["satisfied"], row["rated"])
        result.append(row)
    return result


def unit_period_figures(periods, *, unit=None, today=None):
    """[{lead unit id: {assigned, overdue, rated, satisfied}}] for each of `periods` ((first day,
    last day) pairs, not overlapping), in one aggregate query grouped by unit and period: the
    statistics page's figures for what the scoring rule reads, served from the index on the
    assignment date and those columns alone (aftercare_assigned_figures_idx)."""
    today = today or timezone.localdate()
    result = [{} for _p in periods]
    if not periods:
        return result
    qs = ServiceRequest.objects.filter(
        assigned_on__gte=min(p[0] for p in periods),
        assigned_on__lte=max(p[1] for p in periods),
        lead_unit__isnull=False,
    )
    if unit is not None:
        qs = qs.filter(lead_unit=unit)
    bucket = Case(
        *(When(assigned_on__range=p, then=Value(i)) for i, p in enumerate(periods)),
        output_field=IntegerField(),
    )
    rows = (
        qs.annotate(bucket=bucket)
        .values("lead_unit", "bucket")
        .annotate(
            # Counted on the assignment date (never null here), not the key: the key is not in the index.
            assigned=Count("assigned_on"),
            overdue=Count("assigned_on", filter=overdue_figure(today)),
            rated=Count("assigned_on", filter=RATED),
            satisfied=Count("assigned_on", filter=SATISFIED),
        )
        .order_by()
    )
    for row in rows:
        if row["bucket"] is not None:  # between two periods that do not touch
            result[row.pop("bucket")][row.pop("lead_unit")] = row
    return result


def unit_month_figures(unit, month_start):
    """One unit's figures for one month (for the scoring policy and the weekly digest)."""
    end = (month_start.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    rows = unit_statistics(start=month_start, end=end, unit=unit)
    return rows[0] if rows else None


def blocking_requests(project):
    """Open requests that block a milestone of `project` (shown on its page)."""
    return (
        ServiceRequest.objects.filter(project=project)
        .exclude(blocks_milestone="")
        .exclude(state__in=CLOSED_STATES)
        .order_by("filed_on", "pk")
    )


def published_answers(q=""):
    qs = ServiceRequest.objects.filter(published=True, state=S.SOLVED)
    if q:
        qs = qs.filter(Q(public_question__icontains=q) | Q(public_answer__icontains=q))
    return qs.only("category", "public_question", "public_answer", "closed_on").order_by("-closed_on", "-pk")


# -- what the layers below read ---------------------------------------------------------------------
def _clock_title(field):
    return {
        "contact_due": _("Contact the enterprise"),
        "reply_due": _("Stage reply"),
        "close_due": _("Resolution"),
        "callback_due": _("Call-back"),
    }[field]


def open_request_deadlines():
    """Every running clock of a request in work, for the reminder and escalation sweep: the cadre
    and the lead unit first, then the unit head, then the county leaders."""
    handlers = {}
    for unit_id, user_id in _users_with("handle_request").values_list("unit_id", "pk").distinct():
        handlers.setdefault(unit_id, []).append(user_id)
    leaders = leader_ids()
    rows = (
        ServiceRequest.objects.filter(state__in=WORKING_STATES)
        .values_list(
            "pk",
            "title",
            "contact_due",
            "contacted_on",
            "reply_due",
            "replied_on",
            "close_due",
            "proposed_on",
            "callback_due",
            "called_back_on",
            "lead_unit_id",
            "lead_unit__head_id",
            "project__service_cadre_id",
            "project__cadre_deputy__deputy_id",
        )
        .order_by("pk")
        .iterator(chunk_size=2000)
    )
    for pk, title, cd, co, rd, ro, xd, po, bd, bo, unit_id, head_id, cadre_id, deputy_id in rows:
        first = tuple(sorted({*handlers.get(unit_id, ()), *(i for i in (cadre_id, deputy_id) if i)}))
        url = reverse("aftercare:detail", args=[pk])
        for field, due, done in (
            ("contact_due", cd, co),
            ("reply_due", rd, ro),
            ("close_due", xd, po),
            ("callback_due", bd, bo),
        ):
            if due and not done:
                yield Deadline(
                    key=f"aftercare:{pk}:{field}",
                    due=due,
                    title=_("%(what)s of the enterprise request “%(title)s”")
                    % {"what": _clock_title(field), "title": title},
                    url=url,
                    escalation=(first, (head_id,) if head_id else (), leaders),
                )


def meeting_items(*, today, since, limit):
    """The agenda section: requests escalated to the coordination meeting, still open."""
    qs = ServiceRequest.objects.filter(on_agenda=True).exclude(state__in=CLOSED_STATES)
    items = [
        {
            "title": f"{r.project.name}：{r.title}",
            "due": r.close_due.isoformat() if r.close_due else "",
            "url": reverse("aftercare:detail", args=[r.pk]),
        }
        for r in qs.select_related("project").order_by("close_due", "pk")[:limit]
    ]
    return qs.count(), items


def blocked_milestone_light(today):
    """The project light rule (projects.selectors.register_light_rule): a project with an open request
    blocking a milestone is at least yellow, and red once a clock of that request is missed."""
    from django.db.models import Exists, OuterRef

    blocking = ServiceRequest.objects.filter(project=OuterRef("pk")).exclude(blocks_milestone="")
    blocking = blocking.exclude(state__in=CLOSED_STATES)
    return Q(Exists(blocking.filter(overdue_q(today)))), Q(Exists(blocking))


def blocked_milestone_reason(today):
    """What the red lists show beside a project that a missed request clock turned red: the
    blocking request's title (the longest open first); NULL for the other red projects."""
    from django.db.models import CharField, OuterRef, Subquery, Value
    from django.db.models.functions import Concat

    blocking = (
        ServiceRequest.objects.filter(project=OuterRef("pk"))
        .exclude(blocks_milestone="")
        .exclude(state__in=CLOSED_STATES)
        .filter(overdue_q(today))
        .order_by("filed_on", "pk")
        .annotate(reason=Concat(Value(_("Blocking enterprise request: ")), "title", output_field=CharField()))
    )
    return Subquery(blocking.values("reason")[:1], output_field=CharField())


def previous_month_items(*, today, since, limit):
    """The weekly digest's section: last month's figures of every unit that was assigned requests,
    the most overdue first (then the lowest closed-on-time share)."""
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    rows = unit_statistics(start=month, end=today.replace(day=1), today=today)
    rows.sort(key=lambda r: (-r["overdue"], r["closed_on_time_pct"] or 0, r["lead_unit__name"]))
    url = reverse("aftercare:statistics") + f"?from={month:%Y-%m}&to={month:%Y-%m}"
    items = [
        {
            "title": _(
                "%(unit)s: contacted on time %(contact)s%%, closed on time %(close)s%%, solved %(solved)s%%, "
                "satisfied %(satisfied)s%%, overdue %(overdue)s"
            )
            % {
                "unit": r["lead_unit__name"],
                "contact": _pct(r["contacted_on_time_pct"]),
                "close": _pct(r["closed_on_time_pct"]),
                "solved": _pct(r["solved_pct"]),
                "satisfied": _pct(r["satisfied_pct"]),
                "overdue": r["overdue"],
            },
            "due": "",
            "url": url,
        }
        for r in rows[:limit]
    ]
    return len(rows), items


def _pct(value):
    return "—" if value is None else value
