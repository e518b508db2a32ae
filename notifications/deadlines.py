"""Open deadlines from every app, for reminders and escalation.

Apps register a source at start-up (in their AppConfig.ready):

    from notifications.deadlines import register_deadline_source
    register_deadline_source("reviews.opinions", open_opinion_deadlines)

A source is a callable returning an iterable of `Deadline` for every deadline still open
(a generator over `.iterator()` keeps memory flat). The reminder sweep decides who hears what
and when, on the working-day calendar.
"""

import datetime as dt
from dataclasses import dataclass

_SOURCES = {}


@dataclass(frozen=True)
class Deadline:
    key: str  # stable and unique across sources, e.g. "review-opinion:42"
    due: dt.date
    title: str  # what is due, in Chinese, e.g. "发改局对《…》的预审意见"
    url: str  # path on the portal where it is dealt with
    # Who hears about it, by escalation level: (the person(s) responsible, their head, the convener).
    escalation: tuple[tuple[int, ...], ...]


def register_deadline_source(name, source):
    _SOURCES[name] = source


def deadline_sources():
    return dict(_SOURCES)


def iter_open_deadlines():
    for source in _SOURCES.values():
        yield from source()


def deadline_title(*, subject, what):
    """A deadline's title in the portal's language, e.g. "“某项目”的计划开工日期"."""
    from django.conf import settings
    from django.utils import translation
    from django.utils.translation import gettext

    with translation.override(settings.LANGUAGE_CODE):
        return gettext("%(what)s of “%(subject)s”") % {"what": str(what), "subject": subject}
