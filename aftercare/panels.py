"""What enterprise requests show on the home page (registered from AftercareConfig.ready): to an
enterprise what waits on its word, to the centre what waits to be routed, to a unit its open and
overdue requests; one query through the list's own permission filter (`for_user`), kept per viewer
in `request_figures`, moved by every save or deletion of a request (each step of its services saves
it)."""

from django.db.models import Count, Q
from django.db.models.signals import post_delete, post_save
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from xianju_invest.cache import VersionedCache
from xianju_invest.panels import register_panel

from . import permissions as can
from .enums import CLOSED_STATES, RequestState
from .models import ServiceRequest
from .services.sweeps import overdue_q

S = RequestState
request_figures = VersionedCache(
    "aftercare:home",
    timeout=60,
    moved_by="post_save / post_delete of ServiceRequest; writes that bypass signals: the one-minute expiry",
)


def _visible(user):
    return user.is_authenticated and (
        user.has_perm("aftercare.file_request")
        or user.has_perm("aftercare.route_request")
        or user.has_perm("aftercare.handle_request")
    )


def request_work(user, *, today):
    listing = reverse("aftercare:list")
    steps = []
    if can.is_enterprise(user):
        steps.append(("to_confirm", Q(state=S.PROPOSED), _("awaiting your confirmation"), S.PROPOSED))
        steps.append(
            ("withdrawal", Q(state=S.WITHDRAWAL_ASKED), _("withdrawals to answer"), S.WITHDRAWAL_ASKED)
        )
    else:
        if can.is_centre(user):
            steps.append(("to_route", Q(state=S.SUBMITTED), _("to route"), S.SUBMITTED))
        if user.has_perm("aftercare.handle_request"):
            steps.append(("open", ~Q(state__in=CLOSED_STATES), _("open requests"), "open"))
            steps.append(("overdue", overdue_q(today), _("overdue"), "open"))
    if not steps:
        return None
    counts = ServiceRequest.objects.for_user(user).aggregate(
        **{key: Count("pk", filter=condition) for key, condition, _label, _state in steps}
    )
    return {
        "steps": [
            {"key": key, "n": counts[key], "label": label, "url": f"{listing}?{urlencode({'state': state})}"}
            for key, _condition, label, state in steps
        ]
    }


def register():
    for signal in (post_save, post_delete):
        signal.connect(request_figures.bump, sender=ServiceRequest, dispatch_uid="aftercare.home")
    register_panel(
        "aftercare.work",
        title=_("Enterprise requests"),
        order=55,
        template="aftercare/panels/work.html",
        visible=_visible,
        source=request_work,
        cache=request_figures,
    )
