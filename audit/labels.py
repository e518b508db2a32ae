"""How an audit row reads on a timeline, in words.

The audit trail is under every app, so it knows none of them: each app registers, in its
AppConfig.ready, the actions it writes and the choices (states, verdicts, outcomes) its rows carry.

    register_action_label("review.opinion_signed", gettext_lazy("Pre-review opinion signed"), states=Verdict)
    register_state_choices(Verdict, Outcome)

A value may mean different things in different apps ("open": a round in progress, a challenge open
for claims), so an action names the choices its states come from (`states=`) where it can.
"""

_ACTIONS = {}
_CHOICES = []


def register_action_label(action, label, *, with_state=True, states=None):
    """`label` is a (lazy) string, followed by the row's new state in words unless `with_state` is
    False; or a callable `label(entry, state_words) -> str` for rows that need their data. `states`:
    the TextChoices the action's from/to states are values of (else every registered one)."""
    _ACTIONS[action] = (label, with_state, states)


def register_state_choices(*choices):
    """TextChoices whose values appear in audit rows' from/to states."""
    _CHOICES.extend(c for c in choices if c not in _CHOICES)


def state_words(value, states=None):
    if states is not None and value in states.values:
        return str(states(value).label)
    for choices in _CHOICES:
        if value in choices.values:
            return str(choices(value).label)
    return value


def registered_actions():
    return set(_ACTIONS)


def action_states(action):
    """The state values a row of `action` may carry in words: its own choices', else every registered one."""
    states = _ACTIONS.get(action, (None, True, None))[2]
    if states is not None:
        return list(states.values)
    return [value for choices in _CHOICES for value in choices.values]


def action_text(entry):
    label, with_state, states = _ACTIONS.get(entry.action, (entry.action, True, None))
    if callable(label):
        return label(entry, lambda value: state_words(value, states))
    if with_state and entry.to_state:
        return f"{label}: {state_words(entry.to_state, states)}"
    return str(label)
