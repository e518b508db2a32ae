"""What an event says to a person: a title, a body and a link, in the portal's language.

Apps may register a renderer for their event kinds; otherwise the payload's own "title", "body"
and "url" are used, and the title falls back to the kind.
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
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


def _link(name, *args):
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


def _project_name(payload):
    from projects.models import Project

    return Project.objects.filter(pk=payload.get("project_id")).values_list("name", flat=True).first() or ""


def _round_opened(event):
    p = event.payload
    values = {"project": _project_name(p), "due": p.get("due", "")}
    return Message(
        title=_("“8+X” pre-review opened for “%(project)s”") % values,
        body=_("Please sign your unit's opinion online by %(due)s.") % values,
        url=_link("reviews:inbox"),
    )


def _round_concluded(event):
    p = event.payload
    try:
        from reviews.enums import Outcome

        outcome = Outcome(p.get("outcome")).label
    except (ImportError, ValueError):
        outcome = p.get("outcome", "")
    values = {"project": _project_name(p), "outcome": outcome}
    return Message(
        title=_("“8+X” pre-review concluded for “%(project)s”") % values,
        body=_("Conclusion: %(outcome)s.") % values,
        url=_link("reviews:round", p["round_id"]) if p.get("round_id") else "",
    )


def _referral(event):
    p = event.payload
    titles = {
        "referral.submitted": _("New referral: %(company)s"),
        "referral.accepted": _("Referral accepted"),
        "referral.merged": _("Referral merged into an existing lead"),
        "referral.rejected": _("Referral not taken up"),
        "referral.confirmed": _("Referral confirmed"),
    }
    title = titles.get(event.kind, _("Referral update")) % {"company": p.get("company_name", "")}
    project = _project_name(p) if p.get("project_id") else ""
    body = _("Project: %(project)s") % {"project": project} if project else ""
    return Message(
        title=title,
        body=body,
        url=_link("referrals:detail", p["referral_id"]) if p.get("referral_id") else "",
    )


register_event_message("review.round_opened", _round_opened)
register_event_message("review.round_concluded", _round_concluded)
for _kind in ("submitted", "accepted", "merged", "rejected", "confirmed"):
    register_event_message(f"referral.{_kind}", _referral)
register_event_message(EventKind.DEADLINE_REMINDER, _reminder)
register_event_message(EventKind.DEADLINE_OVERDUE, _overdue)
register_event_message(EventKind.PROJECT_RED, _project_red)
register_event_message(EventKind.WEEKLY_DIGEST, _weekly_digest)
