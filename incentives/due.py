"""The daily job's work: find what has fallen due and create each calculated installment once.

One statement (`projects_with_work`) finds the projects with something to do: a slot due that has
neither an installment nor a `NotPayable` row, or a `NotPayable` row whose facts or policy versions
changed since it was decided. A rerun with nothing new ends there. Those projects are then walked
in id order, a chunk per transaction. Each chunk's project rows are locked first, so two workers
never compute the same project at once: the second waits, then finds the rows the first wrote and
creates nothing. The unique constraint (project, reward, slot, beneficiary) is the last word.
Everything is read per chunk in a handful of queries and computed by the pure calculator.
"""

import datetime as dt
import hashlib
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, Exists, F, OuterRef, Q, Value
from django.db.models.functions import Cast, Concat, ExtractYear
from django.utils import timezone

from audit.models import AuditEntry
from projects.enums import ProjectState
from projects.models import Project
from referrals.enums import ReferrerKind
from referrals.models import Referral
from reviews.models import ReviewRound

from . import calculator as calc
from .crypto import encrypt
from .enums import BeneficiaryKind, FactState, InstallmentState, Reward
from .models import Beneficiary, Installment, NotPayable, PolicyVersion, RetainedTax, VerifiedFigures
from .selectors import register_totals_cache

CHUNK = 2000
PROJECT_FIELDS = [
    "pk",
    "total_investment",
    "category",
    "investor_name",
    "investor_credit_code",
    "actual_completion_date",
    "actual_production_date",
    "actual_capacity_date",
]
MILESTONE_SLOTS = (
    ("actual_completion_date", Reward.REFERRAL, calc.COMPLETION),
    ("actual_capacity_date", Reward.REFERRAL, calc.CAPACITY),
    ("actual_production_date", Reward.INVESTMENT, calc.PRODUCTION),
)
CLOSED = [ProjectState.EXITED, ProjectState.REJECTED]


def load_policies():
    """Every version as (calculator.Policy, pk), oldest first."""
    versions = PolicyVersion.objects.with_rows().order_by("effective_from")
    return [(v.to_calculator(), v.pk) for v in versions]


def _digest(text):
    return hashlib.sha1(text.encode(), usedforsecurity=False).hexdigest()


def policies_stamp(policies):
    """Moves when a version is added or any parameter of any version changes."""
    return _digest(repr(policies))


def candidates(today):
    """Signed projects with a milestone reached or a verified tax year: all that could owe a reward."""
    reached = (
        Q(actual_completion_date__lte=today)
        | Q(actual_production_date__lte=today)
        | Q(actual_capacity_date__lte=today)
    )
    return Project.objects.filter(reached).exclude(state__in=CLOSED)


def eligible_referrals():
    """Confirmed first reports (both confirmations) whose referrer declared eligibility (domain §4)."""
    return Referral.objects.filter(
        is_first=True,
        centre_confirmed_at__isnull=False,
        host_confirmed_at__isnull=False,
        declared_not_official=True,
        declared_not_investor=True,
    )


def _has_referrer(project):
    return Exists(Beneficiary.objects.filter(project=project, reward=Reward.REFERRAL)) | Exists(
        eligible_referrals().filter(project=project)
    )


def _undecided(project, reward, slot):
    """Neither an installment nor a not-payable row for the slot (two anti-joins)."""
    return (
        ~Exists(Installment.objects.filter(project=project, reward=reward, slot=slot)),
        ~Exists(NotPayable.objects.filter(project=project, reward=reward, slot=slot)),
    )


def projects_with_work(today, policies, stamp):
    """The ids of the projects the job must look at, as one UNION statement."""
    first = policies[0][0].effective_from
    base = candidates(today).filter(
        Exists(VerifiedFigures.objects.filter(project=OuterRef("pk"), state=FactState.VERIFIED))
    )
    parts = []
    for field, reward, slot in MILESTONE_SLOTS:
        due = base.filter(*_undecided(OuterRef("pk"), reward, slot), **{f"{field}__range": (first, today)})
        if reward == Reward.REFERRAL:
            due = due.filter(_has_referrer(OuterRef("pk")))
        parts.append(due.values_list("pk"))
    last_year = today.year if (today.month, today.day) == (12, 31) else today.year - 1
    taxes = RetainedTax.objects.filter(
        state=FactState.VERIFIED,
        year__range=(first.year, last_year),
        year__gte=ExtractYear("project__actual_production_date"),
        project__in=base.values("pk"),
    ).annotate(slot_name=Concat(Value("tax-"), Cast("year", CharField())))
    for reward in (Reward.REFERRAL, Reward.OPERATING):
        due = taxes.filter(*_undecided(OuterRef("project"), reward, OuterRef("slot_name")))
        if reward == Reward.REFERRAL:
            due = due.filter(_has_referrer(OuterRef("project")))
        parts.append(due.values_list("project_id"))
    # Not-payable slots whose facts or policies moved since they were decided.
    open_rows = NotPayable.objects.exclude(project__state__in=CLOSED)
    parts += [
        open_rows.filter(~Q(policies_stamp=stamp) | Q(project__updated_at__gt=F("decided_at"))),
        open_rows.filter(project__reward_figures__verified_at__gt=F("decided_at")),
        open_rows.filter(project__retained_taxes__verified_at__gt=F("decided_at")),
        open_rows.filter(project__review_rounds__concluded_at__gt=F("decided_at")),
    ]
    parts[-4:] = [qs.values_list("project_id") for qs in parts[-4:]]
    parts = [qs.order_by() for qs in parts]
    return sorted(pk for (pk,) in parts[0].union(*parts[1:]))


def create_due(*, today=None, chunk=CHUNK):
    """Create every installment due by `today` that does not exist yet; returns how many rows."""
    today = today or timezone.localdate()
    policies = load_policies()
    if not policies:
        return 0
    stamp = policies_stamp(policies)
    work = projects_with_work(today, policies, stamp)
    created = 0
    for start in range(0, len(work), chunk):
        ids = work[start : start + chunk]
        with transaction.atomic():
            now = timezone.now()  # before reading: a fact verified after this is seen next time
            list(Project.objects.filter(pk__in=ids).order_by("pk").select_for_update().values_list("pk"))
            created += _chunk(ids, policies, stamp, today, now)
    return created


def _fingerprint(reward, slot, policy_id, policies, facts):
    """What the calculator saw for a slot: the facts and the whole policy version."""
    return _digest(f"{reward}|{slot}|{policy_id}|{policies}|{facts!r}")


def _chunk(ids, policies, stamp, today, now):
    projects = list(candidates(today).filter(pk__in=ids).values(*PROJECT_FIELDS))
    figures = {
        f["project_id"]: f
        for f in VerifiedFigures.objects.filter(project_id__in=ids, state=FactState.VERIFIED).values(
            "project_id", "fixed_asset_investment", "equipment_investment", "land_area"
        )
    }
    taxes = defaultdict(dict)
    for project_id, year, amount in (
        RetainedTax.objects.filter(project_id__in=ids, state=FactState.VERIFIED)
        .order_by("year")
        .values_list("project_id", "year", "amount")
    ):  # a stable fingerprint
        taxes[project_id][year] = amount
    thresholds = {}
    for row in (
        ReviewRound.objects.concluded()
        .filter(project_id__in=ids)
        .order_by("project_id", "concluded_at")
        .values("project_id", "min_investment_intensity", "min_tax_per_mu")
    ):
        thresholds[row["project_id"]] = row  # the latest concluded round wins
    payees = _payees(ids, [p for p in projects if p["pk"] in figures])
    existing, granted = set(), defaultdict(calc.Decimal)
    for project_id, reward, slot, state, gross in Installment.objects.filter(project_id__in=ids).values_list(
        "project_id", "reward", "slot", "state", "gross"
    ):
        existing.add((project_id, reward, slot))
        if state != InstallmentState.WITHDRAWN:
            granted[(project_id, reward)] += gross
    decided = {
        (n.project_id, n.reward, n.slot): n
        for n in NotPayable.objects.filter(project_id__in=ids).only(
            "pk", "project_id", "reward", "slot", "fingerprint", "policy_id"
        )
    }
    rows, not_payable, changed, now_payable = [], [], [], []
    for p in projects:
        f = figures.get(p["pk"])
        if f is None:
            continue
        threshold = thresholds.get(p["pk"], {})
        facts = calc.Facts(
            total_investment=p["total_investment"],
            fixed_asset_investment=f["fixed_asset_investment"],
            equipment_investment=f["equipment_investment"],
            land_area=f["land_area"],
            intensity_threshold=threshold.get("min_investment_intensity"),
            tax_threshold=threshold.get("min_tax_per_mu"),
            category=p["category"],
            production_date=p["actual_production_date"],
            retained_tax=taxes.get(p["pk"], {}),
        )
        for on, reward, slot, year, counted in due_slots(p, facts, policies, today):
            if (p["pk"], reward, slot) in existing:
                continue
            policy, policy_id = _in_force(policies, on)
            people = payees.get((p["pk"], reward), [])
            if policy is None or not people:
                continue
            key = (p["pk"], reward)
            before = decided.get((p["pk"], reward, slot))
            fingerprint = None
            if before is not None:
                fingerprint = _fingerprint(reward, slot, policy_id, stamp, facts)
                if before.fingerprint == fingerprint:
                    continue  # nothing the calculator sees has changed: still nothing payable
            result = _calculate(reward, slot, year, policy, facts, people, granted[key]) if counted else None
            if result is None or result.computed <= 0:
                fingerprint = fingerprint or _fingerprint(reward, slot, policy_id, stamp, facts)
                if before is None:
                    not_payable.append(
                        NotPayable(
                            project_id=p["pk"],
                            reward=reward,
                            slot=slot,
                            policy_id=policy_id,
                            fingerprint=fingerprint,
                            policies_stamp=stamp,
                            decided_at=now,
                        )
                    )
                else:
                    before.fingerprint, before.policy_id = fingerprint, policy_id
                    changed.append(before)
                continue
            if before is not None:
                now_payable.append(before.pk)
            granted[key] += result.amount
            lines = [line.as_dict() for line in result.lines]
            for share, (_payee, beneficiary_id) in zip(result.shares, people, strict=True):
                rows.append(
                    Installment(
                        project_id=p["pk"],
                        reward=reward,
                        slot=slot,
                        beneficiary_id=beneficiary_id,
                        policy_id=policy_id,
                        trigger_date=on,
                        computed=result.computed,
                        installment_amount=result.amount,
                        gross=share.gross,
                        tax=share.tax,
                        net=share.net,
                        lines=lines,
                    )
                )
    _decide(ids, not_payable, changed, now_payable, stamp, now)
    if not rows:
        return 0
    Installment.objects.bulk_create(rows, batch_size=1000)
    _audit(rows)
    register_totals_cache.bump()  # bulk_create sends no signals
    return len(rows)


def _calculate(reward, slot, year, policy, facts, people, granted):
    """The calculator's result for one slot, or None where the reward's rule says nothing is due."""
    payees = [x for x, _pk in people]
    if reward == Reward.REFERRAL:
        return calc.referral_installment(
            policy=policy, facts=facts, slot=slot, payees=payees, already_granted=granted, tax_year=year
        )
    if reward == Reward.INVESTMENT:
        if not calc.investment_eligible(policy, facts):
            return None
        return calc.investment_reward(policy=policy, facts=facts, payees=payees, already_granted=granted)
    if not calc.operating_eligible(policy, facts, year):
        return None
    return calc.operating_reward(policy=policy, facts=facts, tax_year=year, payees=payees)


def _decide(ids, new, changed, now_payable, stamp, now):
    """Remember what was found not payable; every other such row of these projects was looked at now."""
    NotPayable.objects.filter(pk__in=now_payable).delete()
    if changed:
        NotPayable.objects.bulk_update(changed, ["fingerprint", "policy"])
    NotPayable.objects.filter(project_id__in=ids).update(decided_at=now, policies_stamp=stamp)
    NotPayable.objects.bulk_create(new, batch_size=2000)


def due_slots(p, facts, policies, today):
    """(date, reward, slot, tax year, counted) of every installment slot the project has reached by
    `today`; `counted` is False for a verified tax year outside the reward's production years."""
    slots = []
    for field, reward, slot in MILESTONE_SLOTS:
        if p[field] and p[field] <= today:
            slots.append((p[field], reward, slot, None, True))
    for year in sorted(facts.retained_tax):
        on = calc.tax_year_date(year)
        policy, _pk = _in_force(policies, on)
        if on > today or policy is None:
            continue
        referral_years = calc.tax_years(facts.production_date, policy.contribution_years)
        operating_years = calc.tax_years(facts.production_date, len(policy.operating_rates))
        slots.append((on, Reward.REFERRAL, calc.tax_slot(year), year, year in referral_years))
        slots.append((on, Reward.OPERATING, calc.tax_slot(year), year, year in operating_years))
    slots.sort(key=lambda s: (s[0], s[1] != Reward.REFERRAL))
    return slots


def _in_force(policies, on):
    found = (None, None)
    for policy, pk in policies:
        if policy.effective_from <= on:
            found = (policy, pk)
    return found


def _payees(ids, projects):
    """{(project, reward): [(calculator.Payee, beneficiary id)]}, adding the defaults that are missing:
    the referrer of the confirmed first report, and the project company for its own rewards."""
    listed = defaultdict(list)
    rows = Beneficiary.objects.filter(project_id__in=ids).order_by("project_id", "reward", "position")
    for b in rows.values("pk", "project_id", "reward", "name", "kind", "share"):
        payee = calc.Payee(b["pk"], b["name"], b["kind"], b["share"])
        listed[(b["project_id"], b["reward"])].append((payee, b["pk"]))
    missing = []
    needs_referrer = [p["pk"] for p in projects if (p["pk"], Reward.REFERRAL) not in listed]
    seen = set()
    for r in _eligible_referrals(needs_referrer):
        if r.project_id in seen:
            continue
        seen.add(r.project_id)
        kind = (
            BeneficiaryKind.INDIVIDUAL
            if r.referrer_kind == ReferrerKind.INDIVIDUAL
            else BeneficiaryKind.ORGANISATION
        )
        name = (
            r.referrer_organisation
            if kind == BeneficiaryKind.ORGANISATION and r.referrer_organisation
            else r.referrer_name
        )
        missing.append(
            Beneficiary(
                project_id=r.project_id,
                reward=Reward.REFERRAL,
                position=1,
                name=name,
                kind=kind,
                share=100,
                referral=r,
            )
        )
    for p in projects:
        identifier = None
        for reward in (Reward.INVESTMENT, Reward.OPERATING):
            if (p["pk"], reward) not in listed:
                identifier = identifier or encrypt(p["investor_credit_code"])
                missing.append(
                    Beneficiary(
                        project_id=p["pk"],
                        reward=reward,
                        position=1,
                        name=p["investor_name"],
                        kind=BeneficiaryKind.ORGANISATION,
                        share=100,
                        identifier_encrypted=identifier,
                    )
                )
    if missing:
        Beneficiary.objects.bulk_create(missing)
        for b in missing:
            listed[(b.project_id, b.reward)].append(
                (calc.Payee(b.pk, b.name, b.kind, calc.Decimal(b.share)), b.pk)
            )
    return listed


def _eligible_referrals(project_ids):
    if not project_ids:
        return []
    referrals = eligible_referrals().filter(project_id__in=project_ids)
    return list(referrals.order_by("project_id", "submitted_at"))


def _audit(rows):
    """One audit row per project and run, listing the installments it created (the job may create
    hundreds of thousands; each later step of an installment has its own row)."""
    content_type = ContentType.objects.get_for_model(Project)
    now = timezone.now()
    by_project = defaultdict(list)
    for row in rows:
        by_project[row.project_id].append(
            {
                "id": row.pk,
                "reward": row.reward,
                "slot": row.slot,
                "gross": str(row.gross),
                "version": row.policy_id,
            }
        )
    AuditEntry.objects.bulk_create(
        [
            AuditEntry(
                at=now,
                action="reward.calculated",
                content_type=content_type,
                object_id=project_id,
                project_id=project_id,
                to_state=InstallmentState.CALCULATED,
                data={"installments": made},
            )
            for project_id, made in by_project.items()
        ],
        batch_size=2000,
    )


def forecast(*, today=None, months=12):
    """What will fall due in the next `months` months, from planned milestones and expected tax."""
    from .selectors import forecast_rows

    today = today or timezone.localdate()
    until = today + dt.timedelta(days=round(months * 30.44))
    return forecast_rows(today=today, until=until, policies=load_policies())
