"""Reads of the rewards app: the register and its totals, a project's rewards, queues, public pages."""

import datetime as dt
import hashlib
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone

from xianju_invest.cache import VersionedCache

from . import calculator as calc
from .enums import FactState, InstallmentState, Reward
from .explain import explain
from .models import Installment, PolicyVersion, RetainedTax, VerifiedFigures, slot_label

ZERO = Decimal("0.00")
REGISTER_FIELDS = [
    "pk",
    "project_id",
    "project__name",
    "project__platform__short_name",
    "reward",
    "slot",
    "state",
    "trigger_date",
    "beneficiary__name",
    "beneficiary__kind",
    "gross",
    "tax",
    "net",
    "paid_on",
    "voucher_no",
]


def register(*, user, reward="", state="", year=None, platform=None, kind="", project=None):
    """The rewards register, filtered; rows as dicts in the register's order (newest due first)."""
    qs = Installment.objects.for_user(user)
    if reward:
        qs = qs.filter(reward=reward)
    if state:
        qs = qs.filter(state=state)
    if year:
        qs = qs.filter(trigger_date__gte=dt.date(year, 1, 1), trigger_date__lte=dt.date(year, 12, 31))
    if platform:
        qs = qs.filter(project__platform=platform)
    if kind:
        qs = qs.filter(beneficiary__kind=kind)
    if project:
        qs = qs.filter(project=project)
    return qs.order_by("-trigger_date", "-id")


def register_rows(qs):
    return qs.values(*REGISTER_FIELDS)


register_totals_cache = VersionedCache(
    "incentives:register-totals",
    timeout=60,
    moved_by="post_save / post_delete of Installment and the daily job after its bulk insert; "
    "writes that bypass both: the one-minute expiry",
)


def register_totals_cached(qs, filters):
    """`register_totals`, cached per filter set (`register_totals_cache` says what moves it)."""
    digest = hashlib.blake2b(repr(sorted(filters.items())).encode(), digest_size=16).hexdigest()
    return register_totals_cache.get_or_set(digest, lambda: register_totals(qs))


def register_totals(qs):
    """Count and sums of the filtered register, and the amount still to pay, in one query."""
    open_states = [
        InstallmentState.CHECKED,
        InstallmentState.APPROVED,
        InstallmentState.NOTICED,
        InstallmentState.HELD,
    ]
    totals = qs.order_by().aggregate(
        count=Count("pk"),
        total_gross=Sum("gross", default=ZERO),
        total_tax=Sum("tax", default=ZERO),
        total_net=Sum("net", default=ZERO),
        paid=Sum("net", filter=Q(state=InstallmentState.PAID), default=ZERO),
        to_pay=Sum("net", filter=Q(state__in=open_states), default=ZERO),
    )
    return totals


def project_rewards(project):
    """A project's installments with beneficiary and policy, oldest first, and its totals per reward."""
    rows = list(
        Installment.objects.filter(project=project)
        .select_related("beneficiary", "policy", "checked_by", "approved_by", "paid_by")
        .prefetch_related("objections")
        .order_by("trigger_date", "reward", "slot", "beneficiary__position")
    )
    explain(rows)
    totals = {
        r["reward"]: r["total"]
        for r in Installment.objects.filter(project=project)
        .granted()
        .values("reward")
        .annotate(total=Sum("gross"))
        .order_by()
    }
    return rows, totals


def project_facts(project):
    figures = (
        VerifiedFigures.objects.filter(project=project).select_related("entered_by", "verified_by").first()
    )
    taxes = list(RetainedTax.objects.filter(project=project).select_related("entered_by", "verified_by"))
    return figures, taxes


def approval_queue():
    return (
        Installment.objects.filter(state=InstallmentState.CHECKED)
        .select_related("project", "beneficiary", "policy", "checked_by")
        .order_by("trigger_date", "id")
    )


def public_notice(today=None):
    """What the public notice page lists: under a notice that still runs, or held by an objection."""
    today = today or timezone.localdate()
    return (
        Installment.objects.filter(
            Q(state=InstallmentState.HELD) | Q(state=InstallmentState.NOTICED, notice_until__gte=today)
        )
        .select_related("project", "beneficiary")
        .order_by("notice_from", "project_id", "id")
    )


def referral_public_rewards(referral):
    """The referrer's installments for the status page: what, state and net amount."""
    rows = (
        Installment.objects.filter(beneficiary__referral=referral, reward=Reward.REFERRAL)
        .exclude(state=InstallmentState.WITHDRAWN)
        .order_by("trigger_date", "id")
        .values("slot", "state", "gross", "net", "trigger_date", "paid_on")
    )
    labels = dict(InstallmentState.choices)
    for r in rows:
        yield {
            "label": f"{Reward.REFERRAL.label} · {slot_label(r['slot'])} · {labels[r['state']]}",
            "amount": r["net"],
            "state": r["state"],
            "gross": r["gross"],
            "paid_on": r["paid_on"],
        }


def facts_for(project, *, verified_only=True):
    """The calculator's Facts for a project: verified figures and taxes (or the project's own figures)."""
    figures, taxes = project_facts(project)
    use = figures if figures and (figures.state == FactState.VERIFIED or not verified_only) else None
    return calc.Facts(
        total_investment=project.total_investment,
        fixed_asset_investment=use.fixed_asset_investment if use else project.fixed_asset_investment,
        equipment_investment=use.equipment_investment if use else project.equipment_investment,
        land_area=use.land_area if use else project.land_area,
        category=project.category,
        production_date=project.actual_production_date,
        retained_tax={t.year: t.amount for t in taxes if t.state == FactState.VERIFIED or not verified_only},
    )


def policies():
    return [v.to_calculator() for v in PolicyVersion.objects.with_rows().order_by("effective_from")]


def forecast_rows(*, today, until, policies):
    """Installments expected between `today` and `until` from planned milestones and expected tax.

    A project's own figures stand in for verified ones; amounts are estimates for the budget.
    """
    from projects.enums import ProjectState
    from projects.models import Project

    planned = (
        Q(planned_completion_date__range=(today, until))
        | Q(planned_production_date__range=(today, until))
        | Q(planned_capacity_date__range=(today, until))
        | Q(planned_production_date__lt=today, actual_production_date__isnull=True)
        | Q(actual_production_date__isnull=False, expected_tax__gt=0)
    )
    fields = [
        "pk",
        "name",
        "total_investment",
        "fixed_asset_investment",
        "equipment_investment",
        "land_area",
        "category",
        "expected_tax",
        "planned_completion_date",
        "planned_production_date",
        "planned_capacity_date",
        "actual_completion_date",
        "actual_production_date",
        "actual_capacity_date",
    ]
    from referrals.models import Referral

    referred = Referral.objects.filter(
        project=OuterRef("pk"), is_first=True, centre_confirmed_at__isnull=False
    )
    projects = (
        Project.objects.filter(planned)
        .exclude(state__in=[ProjectState.EXITED, ProjectState.REJECTED])
        .annotate(referred=Exists(referred))
        .values(*fields, "referred")
        .order_by("pk")[:5000]
    )
    versions = [p for p, _pk in policies]
    payee = calc.Payee("x", "", calc.ORGANISATION, Decimal("100"))
    out = []
    for p in projects.iterator(chunk_size=1000):
        production = p["actual_production_date"] or p["planned_production_date"]
        years = calc.tax_years(production)
        facts = calc.Facts(
            total_investment=p["total_investment"],
            fixed_asset_investment=p["fixed_asset_investment"],
            equipment_investment=p["equipment_investment"],
            land_area=p["land_area"],
            category=p["category"],
            production_date=production,
            retained_tax={y: p["expected_tax"] for y in years},
        )
        milestones = calc.Milestones(
            completion=p["actual_completion_date"] or p["planned_completion_date"],
            production=production,
            capacity=p["actual_capacity_date"] or p["planned_capacity_date"],
        )
        for on, result in calc.schedule(
            policies=versions,
            facts=facts,
            milestones=milestones,
            referrers=[payee] if p["referred"] else [],
            company=payee,
        ):
            if today <= on <= until and result.amount > 0:
                out.append(
                    {
                        "date": on,
                        "project_id": p["pk"],
                        "project": p["name"],
                        "reward": result.reward,
                        "slot": result.slot,
                        "amount": result.amount,
                    }
                )
    out.sort(key=lambda r: (r["date"], r["project_id"]))
    return out
