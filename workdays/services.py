"""The one working-day calendar every deadline in the portal uses.

National holidays and make-up workdays come from chinesecalendar; local adjustments entered by
the administrator override them. Years the package does not know yet fall back to Monday-Friday
(plus local adjustments), so deadlines never fail.
"""

import datetime as dt
from functools import lru_cache

import chinese_calendar
from django.core.cache import cache

from .models import WorkdayAdjustment

_ADJUSTMENTS_KEY = "workdays:adjustments:v1"


def _adjustments():
    found = cache.get(_ADJUSTMENTS_KEY)
    if found is None:
        found = dict(WorkdayAdjustment.objects.values_list("date", "is_workday"))
        cache.set(_ADJUSTMENTS_KEY, found, 300)
    return found


def adjustments_changed():
    cache.delete(_ADJUSTMENTS_KEY)


@lru_cache(maxsize=8192)
def _national_workday(day):
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return day.weekday() < 5


def is_workday(day, adjustments=None):
    adjustments = _adjustments() if adjustments is None else adjustments
    if day in adjustments:
        return adjustments[day]
    return _national_workday(day)


def add_workdays(start, count):
    """The date `count` working days after `start` (before it when negative); 0 is `start` itself."""
    adjustments = _adjustments()
    step = 1 if count >= 0 else -1
    day, left = start, abs(count)
    while left:
        day += dt.timedelta(days=step)
        if is_workday(day, adjustments):
            left -= 1
    return day


def workdays_between(start, end):
    """Working days in (start, end]; negative when end is before start."""
    if end < start:
        return -workdays_between(end, start)
    adjustments = _adjustments()
    day, count = start, 0
    while day < end:
        day += dt.timedelta(days=1)
        if is_workday(day, adjustments):
            count += 1
    return count
