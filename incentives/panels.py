"""What rewards shows on the home page (registered from IncentivesConfig.ready): installments to
check and to publish (staff), to approve (leaders), and payments due (finance), counted through the
register's own permission filter (`Installment.objects.for_user`) on the (state, trigger date) index.
Kept per viewer in the register's own `register_totals_cache`, which every change of an installment
moves (incentives/apps.py, and the daily job after its bulk insert)."""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from xianju_invest.panels import register_panel

from . import permissions as can
from .enums import InstallmentState
from .models import Installment
from .selectors import register_totals_cache

S = InstallmentState


def _visible(user):
    return can.can_check(user) or can.can_approve(user) or can.can_pay(user)


def reward_work(user, *, today):
    """One query: the counts of the steps this viewer takes, each a link to the rows behind it."""
    register = reverse("incentives:list")
    steps = []
    if can.can_check(user):
        steps.append(
            (
                "to_check",
                Q(state=S.CALCULATED),
                _("to check"),
                f"{register}?{urlencode({'state': S.CALCULATED})}",
            )
        )
        steps.append(
            (
                "to_publish",
                Q(state=S.APPROVED),
                _("approved, to publish"),
                f"{register}?{urlencode({'state': S.APPROVED})}",
            )
        )
    if can.can_approve(user):
        steps.append(("to_approve", Q(state=S.CHECKED), _("to approve"), reverse("incentives:queue")))
    if can.can_pay(user):
        due = Q(state=S.NOTICED, notice_until__lt=today)
        steps.append(("to_pay", due, _("payments due"), f"{register}?{urlencode({'state': S.NOTICED})}"))
    if not steps:
        return None
    any_step = Q()
    for _key, condition, _label, _url in steps:
        any_step |= condition
    # The WHERE on the states lets the database read the (state, trigger date) index only.
    counts = (
        Installment.objects.for_user(user)
        .filter(any_step)
        .aggregate(**{key: Count("pk", filter=condition) for key, condition, _label, _url in steps})
    )
    return {"steps": [{"key": k, "n": counts[k], "label": label, "url": url} for k, _c, label, url in steps]}


def register():
    register_panel(
        "incentives.work",
        title=_("Rewards"),
        order=50,
        template="incentives/panels/work.html",
        visible=_visible,
        source=reward_work,
        cache=register_totals_cache,
    )
