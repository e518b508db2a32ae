"""What the scoring events say to a person (registered with notifications.messages), and how the
scoring rows of a project's timeline read (audit.labels)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.labels import register_action_label
from notifications.messages import Message, register_event_message

from .enums import Tier


def _board_frozen(event):
    p = event.payload
    values = {**p, "tier": Tier(p.get("tier", "C")).label}
    return Message(
        title=_("League table of %(period)s: your unit ranks %(rank)s of %(of)s") % values,
        body=_("Score %(score)s, %(tier)s. Open the board to see the lines behind it.") % values,
        url=reverse("scoring:board") + f"?period={p.get('period', '')}",
    )


def _challenge(event):
    p = event.payload
    won = event.kind.endswith("won")
    title = _("Challenge won: %(title)s") if won else _("Challenge expired: %(title)s")
    return Message(title=title % p, body="", url=reverse("scoring:challenges"))


register_event_message("scoring.board_frozen", _board_frozen)
register_event_message("scoring.challenge_won", _challenge)
register_event_message("scoring.challenge_expired", _challenge)
register_action_label("scoring.credits", gettext_lazy("Credited units declared"), with_state=False)
register_action_label("scoring.adjustment", gettext_lazy("Score adjusted"), with_state=False)
