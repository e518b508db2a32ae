"""What the ledger shows on the home page (registered from ProjectsConfig.ready): red lights for
staff and leaders, decisions waiting on a leader's body, the five rates, and the deadlines this
week of the projects a member of staff looks after.

Every panel is kept in `home_figures` (one minute): the red lights and the rates once for everyone,
the decisions and the deadlines per viewer. It is moved by every save or deletion of a project like
the ledger's count (projects/apps.py), of a decision and of a task force (here).
"""

import datetime as dt

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from org import permissions as org_can
from xianju_invest.cache import VersionedCache
from xianju_invest.panels import register_panel

from . import analytics
from .enums import TERMINAL_STATES, Light, ProjectState
from .models import Project, ProjectDecision, TaskForce
from .selectors import annotate_lights

ROWS = 5
home_figures = VersionedCache(
    "projects:home-figures",
    timeout=60,
    moved_by="post_save / post_delete of Project, ProjectDecision and TaskForce; writes that bypass "
    "signals and calendar or light-rule edits: the one-minute expiry",
)


def _red(today):
    overdue = analytics.red_light_projects(Project.objects.all(), limit=None, today=today)
    rows = overdue.values("pk", "name", "next_due", "red_reason")
    return {"count": overdue.count(), "rows": list(rows[:ROWS])}


def red_lights(user, *, today):
    """Overdue projects: how many, and the longest overdue (cached; no query on a hit)."""
    figures = home_figures.get_or_set(f"red:{today.isoformat()}", lambda: _red(today))
    return {**figures, "url": f"{reverse('projects:list')}?light={Light.RED.value}"}


def _rates(today):
    period = analytics.default_period(today)
    rates = analytics.rates(Project.objects.all(), period)
    return [{k: r[k] for k in ("key", "numerator", "denominator", "percent", "is_amount")} for r in rates]


def five_rates(user, *, today):
    """The five rates from 1 January to today, each linking to the projects of its numerator."""
    period = analytics.default_period(today)
    figures = home_figures.get_or_set(f"rates:{today.isoformat()}", lambda: _rates(today))
    base = reverse("projects:rate_projects")
    dates = {"start": period.start.isoformat(), "end": period.end.isoformat()}
    rates = []
    for rate in figures:
        url = f"{base}?{urlencode({'rate': rate['key'], 'part': 'numerator', **dates})}"
        rates.append({**rate, "label": analytics.RATES_BY_KEY[rate["key"]].label, "url": url})
    return {"rates": rates, "period": period, "dashboard_url": reverse("projects:dashboard")}


def decisions_waiting(user, *, today):
    """Projects in the decision stage that the leader's body has not decided yet. Two queries."""
    qs = Project.objects.filter(state=ProjectState.DECISION)
    if user.unit_id is not None:
        qs = qs.exclude(decisions__body_id=user.unit_id)
    # Oldest first by id: the primary key's index stops after the first rows in the decision stage.
    rows = list(qs.order_by("pk").values("pk", "name", "land_area")[:ROWS])
    url = f"{reverse('projects:list')}?state={ProjectState.DECISION.value}"
    return {"count": qs.count(), "rows": rows, "url": url}


def my_deadlines(user, *, today):
    """The next open date of each project the viewer looks after (service cadre or task-force lead,
    as the reminders name them), due by the end of this week, overdue ones first. Three queries,
    each on an index: an OR across the task-force join would read the whole ledger."""
    week_end = today + dt.timedelta(days=6 - today.weekday())
    ids = set(Project.objects.filter(service_cadre=user).values_list("pk", flat=True))
    ids |= set(TaskForce.objects.filter(lead=user).values_list("project_id", flat=True))
    if not ids:
        return {"rows": [], "week_end": week_end}
    mine = Project.objects.filter(pk__in=ids).exclude(state__in=list(TERMINAL_STATES))
    rows = list(
        annotate_lights(mine, today=today)
        .filter(next_due__lte=week_end)
        .order_by("next_due", "pk")
        .values("pk", "name", "next_due", "light")[: ROWS * 2]
    )
    for row in rows:
        row["light_label"] = Light(row["light"]).label if row["light"] else ""
    return {"rows": rows, "week_end": week_end}


def register():
    for model in (ProjectDecision, TaskForce):
        for signal in (post_save, post_delete):
            uid = f"projects.home_figures.{model.__name__}"
            signal.connect(home_figures.bump, sender=model, dispatch_uid=uid)
    register_panel(
        "projects.decisions",
        title=_("Decisions waiting"),
        order=10,
        template="projects/panels/decisions.html",
        visible=org_can.is_leader,
        source=decisions_waiting,
        cache=home_figures,
    )
    register_panel(
        "projects.my-deadlines",
        title=_("My deadlines this week"),
        order=15,
        template="projects/panels/my_deadlines.html",
        visible=org_can.is_promotion_staff,
        source=my_deadlines,
        cache=home_figures,
    )
    register_panel(
        "projects.rates",
        title=_("Rates this year"),
        order=40,
        template="projects/panels/rates.html",
        visible=org_can.is_leader,
        source=five_rates,
        cache=home_figures,
        shared=True,
    )
    register_panel(
        "projects.red",
        title=_("Red lights"),
        order=45,
        template="projects/panels/red.html",
        visible=org_can.can_view_all,
        source=red_lights,
        cache=home_figures,
        shared=True,
    )
