"""What an event says to a person: a title, a body and a link, in the portal's language.

Apps may register a renderer for their event kinds; otherwise the payload's own "title", "body"
and "url" are used, and the title falls back to the kind.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from .enums import EventKind

_RENDERERS = {}


@dataclass(frozen=True)
class Message:
    title: str
    body: str
    url: str

    @property
    def absolute_url(self):
        if self.url.startswith("/"):
            return settings.SITE_URL.rstrip("/") + self.url
        return self.url


def register_event_message(kind, render):
    """`render(event) -> Message`; called with the portal's default language active."""
    _RENDERERS[kind] = render


def message_for(event):
    with translation.override(settings.LANGUAGE_CODE):
        render = _RENDERERS.get(event.kind, _from_payload)
        return render(event)


def _from_payload(event):
    p = event.payload or {}
    return Message(
        title=str(p.get("title") or event.kind), body=str(p.get("body") or ""), url=str(p.get("url") or "")
    )


def _reminder(event):
    p = event.payload
    return Message(
        title=_("Due on %(due)s: %(title)s") % p,
        body=_("“%(title)s” is due on %(due)s, in %(workdays)s working days. Please deal with it in time.")
        % p,
        url=p.get("url", ""),
    )


def _overdue(event):
    p = event.payload
    if p.get("level", 0) == 0:
        body = _("“%(title)s” was due on %(due)s and is overdue. Please deal with it at once.") % p
    else:
        body = (
            _(
                "“%(title)s” was due on %(due)s and is %(overdue)s working days overdue; "
                "it is escalated to you (level %(level)s). Please follow it up."
            )
            % p
        )
    return Message(title=_("Overdue: %(title)s") % p, body=body, url=p.get("url", ""))


def _project_red(event):
    p = event.payload
    return Message(
        title=_("Red light: %(name)s") % p,
        body=_("Project “%(name)s” has turned red: its deadline %(due)s has passed.") % p,
        url=p.get("url", ""),
    )


def _weekly_digest(event):
    p = event.payload
    body = render_to_string("notifications/digest_email.txt", {"agenda": p})
    return Message(
        title=_("Weekly digest and regular meeting agenda, %(date)s") % {"date": p["date"]},
        body=body,
        url=p.get("url", ""),
    )


register_event_message(EventKind.DEADLINE_REMINDER, _reminder)
register_event_message(EventKind.DEADLINE_OVERDUE, _overdue)
register_event_message(EventKind.PROJECT_RED, _project_red)
register_event_message(EventKind.WEEKLY_DIGEST, _weekly_digest)
