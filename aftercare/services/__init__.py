"""Every write of the aftercare app (see each module); views, the API and tasks import from here."""

from .accounts import enterprise_account_create
from .publishing import answer_publish
from .requests import (
    assist_answer,
    objection_raise,
    objection_settle,
    request_confirm,
    request_contact,
    request_file,
    request_route,
    request_withdraw,
    resolution_propose,
    stage_reply,
    withdrawal_answer,
    withdrawal_ask,
)
from .sweeps import escalation_sweep, unconfirmed_close_sweep
from .timing import extension_ask, extension_decide, pause_end, pause_start
from .transitions import TRANSITIONS, allowed_targets, request_transition

__all__ = [
    "TRANSITIONS",
    "allowed_targets",
    "answer_publish",
    "assist_answer",
    "enterprise_account_create",
    "escalation_sweep",
    "extension_ask",
    "extension_decide",
    "objection_raise",
    "objection_settle",
    "pause_end",
    "pause_start",
    "request_confirm",
    "request_contact",
    "request_file",
    "request_route",
    "request_transition",
    "request_withdraw",
    "resolution_propose",
    "stage_reply",
    "unconfirmed_close_sweep",
    "withdrawal_answer",
    "withdrawal_ask",
]
