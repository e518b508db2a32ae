"""What referrals shows on the home page (registered from ReferralsConfig.ready): the triage queue,
read through the queue's own selector. The same for every viewer, kept in `triage_figures`, moved by
every save or deletion of a referral (submitting, triaging, confirming)."""

from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from xianju_invest.cache import VersionedCache
from xianju_invest.panels import register_panel

from . import permissions as can
from .enums import ReferralStatus
from .models import Referral
from .selectors import referral_queue

ROWS = 5
triage_figures = VersionedCache(
    "referrals:home",
    timeout=600,
    moved_by="post_save / post_delete of Referral; writes that bypass signals: the ten-minute expiry",
)


def triage_queue(user, *, today):
    """Reports awaiting triage: how many, and the oldest first (the queue's filter). Two queries."""
    waiting = referral_queue(status=ReferralStatus.SUBMITTED)
    rows = list(waiting.order_by("submitted_at", "id").values("pk", "company_name", "submitted_at")[:ROWS])
    url = f"{reverse('referrals:queue')}?status={ReferralStatus.SUBMITTED.value}"
    # The same filter, counted without the queue's attachment tally (a count needs no join).
    count = Referral.objects.filter(status=ReferralStatus.SUBMITTED).count()
    return {"count": count, "rows": rows, "url": url}


def register():
    for signal in (post_save, post_delete):
        signal.connect(triage_figures.bump, sender=Referral, dispatch_uid="referrals.home")
    register_panel(
        "referrals.triage",
        title=_("Referrals awaiting triage"),
        order=20,
        template="referrals/panels/triage.html",
        visible=can.can_triage,
        source=triage_queue,
        cache=triage_figures,
        shared=True,
    )
