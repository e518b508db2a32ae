"""Audiences: recipients named by role and resolved when an event is dispatched.

An event raised on a hot path (a public report) often goes to "whoever holds this role": resolving
that in the request costs the request a look-up (or a cache to keep and invalidate) and an insert
of one row per person. Instead the emitter names a registered audience, and the fan-out — in the
worker — adds its members to the event's recipients once, just before it writes the delivery log.
Whoever holds the role at dispatch hears of it; a deleted user cannot be named.

Each app registers its audiences in its AppConfig.ready, as it registers its deadline sources:

    register_audience("referrals.triage", triage_staff)

`members()` returns a queryset of users; only active ones are told.
"""

_AUDIENCES = {}


def register_audience(name, members):
    _AUDIENCES[name] = members


def is_audience(name):
    return name in _AUDIENCES


def audience_member_ids(name):
    """Ids of the active users in audience `name` now."""
    members = _AUDIENCES[name]()
    return list(members.filter(is_active=True).values_list("pk", flat=True).distinct())
