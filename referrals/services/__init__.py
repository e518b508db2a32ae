"""Every write on a referral: the public report (submission) and the steps after it (triage),
each step through the one door `referral_transition` (transitions)."""

from .submission import (
    SUBMITTED_FIELDS,
    TRIAGE_AUDIENCE,
    company_known,
    referral_submit,
)
from .transitions import STEPS, allowed_steps, referral_transition
from .triage import referral_accept, referral_confirm, referral_merge, referral_reject

__all__ = [
    "STEPS",
    "SUBMITTED_FIELDS",
    "TRIAGE_AUDIENCE",
    "allowed_steps",
    "company_known",
    "referral_accept",
    "referral_confirm",
    "referral_merge",
    "referral_reject",
    "referral_submit",
    "referral_transition",
]
