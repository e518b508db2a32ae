"""What referrals shows on the home page (registered from ReferralsConfig.ready): the triage queue,
read through the queue's own selector. The same for every viewer, kept in `triage_figures`, moved by
every save or deletion of a referral (submitting, triaging, confirming) except the creation of a
report stored as a duplicate, which the panel does not list."""

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
    moved_by=(
        "post_save / post_delete of Referral, but not a new report stored as a duplicate (not awaiting "
        "triage); writes that bypass signals: the ten-minute expiry"
    ),
)


def _referral_changed(sender, instance, created=False, **kwargs):
    """The panel lists reports awaiting triage: a new duplicate is not one, so it leaves the figures
    as they were (each move is a cache round trip, twice per public report). Any other save or a
    deletion may move a report into or out of the queue."""
    if created and instance.status != ReferralStatus.SUBMITTED:
        return
    triage_figures.bump()


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
        signal.connect(_referral_changed, sender=Referral, dispatch_uid="referrals.home")
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
