"""How an audit row reads on a timeline, in words.

The audit trail is under every app, so it knows none of them: each app registers, in its
AppConfig.ready, the actions it writes and the choices (states, verdicts, outcomes) its rows carry.

    register_action_label("review.opinion_signed", gettext_lazy("Pre-review opinion signed"))
    register_state_choices(Verdict, Outcome)
"""

_ACTIONS = {}
_CHOICES = []


def register_action_label(action, label, *, with_state=True):
    """`label` is a (lazy) string, followed by the row's new state in words unless `with_state` is
    False; or a callable `label(entry, state_words) -> str` for rows that need their data."""
    _ACTIONS[action] = (label, with_state)


def register_state_choices(*choices):
    """TextChoices whose values appear in audit rows' from/to states."""
    _CHOICES.extend(c for c in choices if c not in _CHOICES)


def state_words(value):
    for choices in _CHOICES:
        if value in choices.values:
            return str(choices(value).label)
    return value


def action_text(entry):
    label, with_state = _ACTIONS.get(entry.action, (entry.action, True))
    if callable(label):
        return label(entry, state_words)
    if with_state and entry.to_state:
        return f"{label}: {state_words(entry.to_state)}"
    return str(label)
