"""Reads: the ledger queryset and the status lights, computed in the database."""

import functools

from django.db.models import Case, CharField, F, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from workdays.services import add_workdays

from .enums import TERMINAL_STATES, Light
from .models import Project

YELLOW_WORKDAYS = 10


def today_local():
    return timezone.localdate()


def yellow_cutoff(today):
    """The last day that still counts as "due soon": 10 working days from today."""
    return add_workdays(today, YELLOW_WORKDAYS)


# Other apps may turn a light from outside the project's own dates (an enterprise request blocking
# a milestone): `rule(today) -> (red Q, yellow Q)` over Project, registered in AppConfig.ready.
# `reason(today)`, if given, is a text expression over Project naming what turned it red (NULL
# where the rule does not apply): the red lists show it beside the project. `moved_by` names the
# models whose saves and deletions can change the rule's answer: they move the ledger's figures
# (projects.caches), so a kept table turns its light on the next request.
_LIGHT_RULES = {}
_RED_REASONS = {}


def register_light_rule(name, rule, *, moved_by, reason=None):
    from .caches import moved_by as ledger_moved_by

    _LIGHT_RULES[name] = rule
    if reason is not None:
        _RED_REASONS[name] = reason
    for model in moved_by:
        ledger_moved_by(model, f"light-rule.{name}")


def red_reason(today):
    """The registered reasons as one text expression (the first that applies), or None."""
    reasons = [reason(today) for reason in _RED_REASONS.values()]
    if not reasons:
        return None
    return reasons[0] if len(reasons) == 1 else Coalesce(*reasons)


def light_rules(today):
    """(red, yellow) conditions of every registered rule, or (None, None) when there is none."""
    red = yellow = None
    for rule in _LIGHT_RULES.values():
        r, y = rule(today)
        red = r if red is None else red | r
        yellow = y if yellow is None else yellow | y
    return red, yellow


def annotate_lights(queryset, today=None):
    """Add `light` (green/yellow/red; NULL when terminal) from the stored `next_due` and today."""
    today = today or today_local()
    return _annotate(queryset, today, yellow_cutoff(today))


def _annotate(queryset, today, cutoff):
    red, yellow = light_rules(today)
    return queryset.annotate(
        light=Case(
            When(state__in=sorted(TERMINAL_STATES), then=None),
            *([When(red, then=Value(Light.RED.value))] if red is not None else []),
            When(next_due__lt=today, then=Value(Light.RED.value)),
            *([When(yellow, then=Value(Light.YELLOW.value))] if yellow is not None else []),
            When(next_due__lte=cutoff, then=Value(Light.YELLOW.value)),
            default=Value(Light.GREEN.value),
            output_field=CharField(),
        )
    )


def ledger_queryset(today=None):
    """Projects as the ledger lists them: related rows joined, lights annotated."""
    today = today or today_local()
    return _ledger_base(today, yellow_cutoff(today)).all()


def ledger_rows(today=None):
    """The ledger's columns as plain rows (dicts), lights annotated: a page of 50 builds no model
    instances. Filtered and ordered as `ledger_queryset` is."""
    today = today or today_local()
    return _ledger_base(today, yellow_cutoff(today), rows=True).all()


LEDGER_COLUMNS = [
    "id",
    "name",
    "state",
    "investor_name",
    "platform_id",
    "industry_chain",
    "chain_link",
    "category",
    "source",
    "total_investment",
    "fixed_asset_investment",
    "contracted_investment",
    "funds_received",
    "land_area",
    "responsible_unit_id",
    "deadline",
    "contract_date",
    "next_due",
    "light",
]


@functools.lru_cache(maxsize=8)
def _ledger_base(today, cutoff, rows=False):
    """The ledger's base queryset (or its rows) for a day and its yellow cutoff (a holiday edit moves
    the cutoff, so the key). Built once: resolving the light's expression and the rows' columns
    costs ~1.5 ms a request, and every ledger page and API list starts here. Never evaluated;
    callers get a clone."""
    queryset = _annotate(Project.objects.select_related("platform", "responsible_unit"), today, cutoff)
    if not rows:
        return queryset
    return queryset.values(
        *LEDGER_COLUMNS,
        platform_name=F("platform__name"),
        platform_short=F("platform__short_name"),
        unit_name=F("responsible_unit__name"),
        unit_short=F("responsible_unit__short_name"),
    )


def project_detail_queryset(today=None):
    return annotate_lights(
        Project.objects.select_related(
            "platform", "responsible_unit", "service_cadre", "created_by", "task_force__lead"
        ).prefetch_related("task_force__members", "task_force__experts"),
        today=today,
    )


def project_timeline(project):
    """Every audit row about the project, oldest first: its own transitions and other apps' steps."""
    from audit.models import AuditEntry

    return AuditEntry.objects.filter(project_id=project.pk).select_related("actor").order_by("at", "id")
