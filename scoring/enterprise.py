"""Enterprise service (issue 15 item 6): points from a lead unit's enterprise-request (诉求) figures.

The figures are aftercare's own, read through its selector (`aftercare.selectors.unit_period_figures`:
one grouped query per lead unit and period of assignment, with the statistics page's definitions of
each figure, from an index that holds every column they test). The rule, with the version in force
on the period's last day (as the lead cap and the bundle share):
- `request_overdue` points per request assigned in the period that is overdue (a clock missed:
  contacted late, resolution proposed after the close date, or a clock still running past its date);
- `request_satisfied` points once the unit's rated requests number at least `request_min_rated` and
  the satisfied ones (ratings 4–5) are at least `request_satisfied_percent` of them.
"""

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from aftercare.selectors import unit_period_figures

from .enums import Rule

ZERO = Decimal("0.00")


@dataclass(frozen=True)
class ServiceFigures:
    assigned: int = 0
    overdue: int = 0
    rated: int = 0
    satisfied: int = 0

    def __add__(self, other):
        return ServiceFigures(
            self.assigned + other.assigned,
            self.overdue + other.overdue,
            self.rated + other.rated,
            self.satisfied + other.satisfied,
        )

    @property
    def satisfied_percent(self):
        return (Decimal(100) * self.satisfied / self.rated).quantize(Decimal("0.1")) if self.rated else None


def figures_by_period(periods, *, unit=None, today=None):
    """[{unit id: ServiceFigures}] for each of `periods` (months, quarters or years), in one query
    grouped by unit and period (`aftercare.selectors.unit_period_figures`)."""
    rows = unit_period_figures([(p.start, p.end) for p in periods], unit=unit, today=today)
    return [{u: ServiceFigures(**figures) for u, figures in by_unit.items()} for by_unit in rows]


def satisfied_met(figures, policy):
    return (
        figures.rated > 0
        and figures.rated >= policy.request_min_rated
        and Decimal(100) * figures.satisfied >= policy.request_satisfied_percent * figures.rated
    )


def service_points(figures, policy):
    """[(rule, points)] of a unit's figures in a period: the overdue line when a request is overdue,
    the satisfied-share line when any request was rated (0 points when the share is not met)."""
    points = []
    if figures.overdue:
        overdue = (Decimal(policy.request_overdue) * figures.overdue).quantize(Decimal("0.01"), ROUND_HALF_UP)
        points.append((Rule.REQUESTS_OVERDUE, overdue))
    if figures.rated:
        points.append(
            (Rule.REQUESTS_SATISFIED, policy.request_satisfied if satisfied_met(figures, policy) else ZERO)
        )
    return points


def figures_note(figures):
    """The figures behind a line, in words (the drill-down's note)."""
    text = _("%(assigned)s assigned, %(overdue)s overdue, %(satisfied)s satisfied of %(rated)s rated") % {
        "assigned": figures.assigned,
        "overdue": figures.overdue,
        "satisfied": figures.satisfied,
        "rated": figures.rated,
    }
    if figures.rated:
        text += f"（{figures.satisfied_percent}%）"
    return text
