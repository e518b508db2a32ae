"""What the scoring events say to a person (registered with notifications.messages), and how the
scoring rows of a project's timeline read (audit.labels)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from audit.labels import register_action_label, register_state_choices
from notifications.messages import Message, register_event_message

from .enums import ChallengeState, Tier


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
# The league's other rows; a challenge's state reads in its own words ("open": open for claims).
register_state_choices(ChallengeState)
for action, label, with_state in (
    ("scoring.bundle", gettext_lazy("Bundle of units set"), False),
    ("scoring.challenge_posted", gettext_lazy("Challenge posted"), False),
    ("scoring.challenge_claimed", gettext_lazy("Challenge claimed"), False),
    ("scoring.challenge_linked", gettext_lazy("Project linked to a challenge"), False),
    ("scoring.challenge_settled", gettext_lazy("Challenge settled"), True),
    ("scoring.board_frozen", gettext_lazy("Monthly board frozen"), False),
):
    register_action_label(action, label, with_state=with_state, states=ChallengeState)
