"""What the header's search finds among referrals (registered from ReferralsConfig.ready): a report
by its tracking code, for those who may open it (triage staff, leaders, the host unit)."""

from django.utils.translation import gettext_lazy as _

from xianju_invest.search import register_search_source

from . import permissions as can
from .enums import ReferralStatus
from .models import Referral, format_tracking_code, normalise_tracking_code


def find_referrals(user, query, *, limit):
    code = normalise_tracking_code(query)
    if len(code) < 8:
        return None
    rows = [
        {
            "pk": r.pk,
            "code": format_tracking_code(r.tracking_code),
            "company": r.company_name,
            "status_label": ReferralStatus(r.status).label,
        }
        for r in Referral.objects.filter(tracking_code=code).select_related("host_unit")[:limit]
        if can.can_view(user, r)
    ]
    return {"rows": rows}


def register():
    register_search_source(
        "referrals",
        title=_("Referrals"),
        order=30,
        template="referrals/search/results.html",
        visible=lambda user: user.is_authenticated and user.unit_id is not None,
        source=find_referrals,
    )
