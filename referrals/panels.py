"""What referrals shows on the home page (registered from ReferralsConfig.ready): the triage queue,
read through the queue's own selector."""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xianju_invest.panels import register_panel

from . import permissions as can
from .enums import ReferralStatus
from .models import Referral
from .selectors import referral_queue

ROWS = 5


def triage_queue(user, *, today):
    """Reports awaiting triage: how many, and the oldest first (the queue's filter). Two queries."""
    waiting = referral_queue(status=ReferralStatus.SUBMITTED)
    rows = list(waiting.order_by("submitted_at", "id").values("pk", "company_name", "submitted_at")[:ROWS])
    url = f"{reverse('referrals:queue')}?status={ReferralStatus.SUBMITTED.value}"
    # The same filter, counted without the queue's attachment tally (a count needs no join).
    count = Referral.objects.filter(status=ReferralStatus.SUBMITTED).count()
    return {"count": count, "rows": rows, "url": url}


def register():
    register_panel(
        "referrals.triage",
        title=_("Referrals awaiting triage"),
        order=20,
        template="referrals/panels/triage.html",
        visible=can.can_triage,
        source=triage_queue,
    )
