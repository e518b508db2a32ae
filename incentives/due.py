"""The daily job's work: find what has fallen due and create each calculated installment once.

One statement (`projects_with_work`) finds the projects to look at: those never reviewed, and
those whose `RewardReview` is stale (a fact moved since, a milestone or tax year's end reached
since, the policy versions changed). A rerun with nothing new ends there. Those projects are then
walked in id order, a chunk per transaction. Each chunk's project rows are locked first, so two
workers never compute the same project at once: the second waits, then finds the rows the first
wrote and creates nothing. The unique constraint (project, reward, slot, beneficiary) is the last
word. Everything is read per chunk in a handful of queries and computed by the pure calculator.
"""

import contextlib
import datetime as dt
import gc
import hashlib
import os
from collections import defaultdict

import billiard
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import connection, connections, transaction
from django.db.models import Exists, F, OuterRef, Q
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
from .explain import basis_of
from .models import (
    Beneficiary,
    Installment,
    NewBeneficiary,
    NewInstallment,
    PolicyVersion,
    RetainedTax,
    RewardBasis,
    RewardReview,
    VerifiedFigures,
)
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


def policies_stamp(policies):
    """Moves when a version is added or any parameter of any version changes."""
    return hashlib.sha1(repr(policies).encode(), usedforsecurity=False).hexdigest()


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


def last_tax_year(today):
    """The last calendar year whose 31 December is on or before `today`."""
    return today.year if (today.month, today.day) == (12, 31) else today.year - 1


def projects_with_work(today, stamp):
    """The ids of the projects the job must look at, as one UNION statement."""
    reviews = RewardReview.objects.exclude(project__state__in=CLOSED)
    reached = Q()
    for field, _reward, _slot in MILESTONE_SLOTS:
        reached |= Q(**{f"project__{field}__gt": F("due_through"), f"project__{field}__lte": today})
    after = F("reviewed_at")
    parts = [
        candidates(today)
        .filter(~Exists(RewardReview.objects.filter(project=OuterRef("pk"))))
        .values_list("pk"),
        reviews.filter(~Q(policies_stamp=stamp) | Q(project__updated_at__gt=after) | reached),
        reviews.filter(project__reward_figures__verified_at__gt=after),
        reviews.filter(
            project__retained_taxes__state=FactState.VERIFIED, project__retained_taxes__verified_at__gt=after
        ),
        reviews.filter(
            project__retained_taxes__state=FactState.VERIFIED,
            project__retained_taxes__year__gt=F("tax_years_through"),
            project__retained_taxes__year__lte=last_tax_year(today),
        ),
        reviews.filter(project__review_rounds__concluded_at__gt=after),
        reviews.filter(project__referrals__centre_confirmed_at__gt=after),
        reviews.filter(project__referrals__host_confirmed_at__gt=after),
    ]
    parts[1:] = [qs.values_list("project_id") for qs in parts[1:]]
    parts = [qs.order_by() for qs in parts]
    return sorted(pk for (pk,) in parts[0].union(*parts[1:]))


def create_due(*, today=None, chunk=CHUNK, processes=None):
    """Create every installment due by `today` that does not exist yet; returns how many rows."""
    today = today or timezone.localdate()
    policies = load_policies()
    if not policies:
        return 0
    stamp = policies_stamp(policies)
    work = projects_with_work(today, stamp)
    chunks = [work[start : start + chunk] for start in range(0, len(work), chunk)]
    processes = job_processes(processes, len(chunks))
    if processes < 2:
        return sum(_walk(ids, policies, today, stamp) for ids in chunks)
    # The chunks are disjoint, each in its own transaction with its projects locked: processes
    # share them out like workers would. Connections are not shared across a fork. Celery's own
    # multiprocessing (billiard), because the standard library's refuses to fork from a daemonic
    # process, which a prefork Celery worker's child is.
    connections.close_all()
    context = billiard.get_context("fork")
    with context.Pool(processes) as pool:
        made = pool.starmap(_walk, [(ids, policies, today, stamp) for ids in chunks], chunksize=1)
        pool.close()  # let the processes end by themselves (the exit would terminate them)
        pool.join()
    register_totals_cache.bump()
    return sum(made)


def job_processes(wanted, chunks):
    """How many processes walk the chunks: `wanted`, else $REWARDS_JOB_PROCESSES, else the CPUs (at
    most 4) where the database takes parallel writers (settings.DATABASE_PARALLEL_WRITERS: not SQLite),
    outside a transaction, when there are several chunks; else one (a caller's open transaction must
    see the rows it writes)."""
    if wanted is None:
        wanted = int(os.environ.get("REWARDS_JOB_PROCESSES") or 0) or min(os.cpu_count() or 1, 4)
    if not settings.DATABASE_PARALLEL_WRITERS or connection.in_atomic_block:
        return 1
    return max(1, min(wanted, chunks))


def _walk(ids, policies, today, stamp):
    """One chunk in one transaction: lock its projects, create what is due, mark them reviewed."""
    with transaction.atomic():
        now = timezone.now()  # before reading: a fact verified after this is seen next time
        list(Project.objects.filter(pk__in=ids).order_by("pk").select_for_update().values_list("pk"))
        with _cyclic_gc_paused():
            created = _chunk(ids, policies, today)
        _reviewed(ids, today, now, stamp)
    return created


@contextlib.contextmanager
def _cyclic_gc_paused():
    """A chunk allocates some 100,000 short-lived objects (rows, values, results) that form no
    reference cycles; as they pile up the cyclic collector would walk them again and again, ~10% of
    the chunk's CPU. It is paused for the chunk and resumes after it (memory stays bounded by a chunk)."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _reviewed(ids, today, now, stamp):
    values = {"reviewed_at": now, "due_through": today, "tax_years_through": last_tax_year(today)}
    RewardReview.objects.bulk_create(
        [RewardReview(project_id=pk, policies_stamp=stamp, **values) for pk in ids],
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["project"],
        update_fields=[*values, "policies_stamp"],
    )


def _chunk(ids, policies, today):
    projects = list(candidates(today).filter(pk__in=ids).values(*PROJECT_FIELDS))
    figures = {
        f["project_id"]: f
        for f in VerifiedFigures.objects.filter(project_id__in=ids, state=FactState.VERIFIED).values(
            "project_id", "fixed_asset_investment", "equipment_investment", "land_area"
        )
    }
    if not figures:
        return 0
    taxes = defaultdict(dict)
    for project_id, year, amount in RetainedTax.objects.filter(
        project_id__in=ids, state=FactState.VERIFIED
    ).values_list("project_id", "year", "amount"):
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

    rows, bases = [], []
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
        basis = None
        for on, reward, slot, year in due_slots(p, facts, policies, today):
            if (p["pk"], reward, slot) in existing:
                continue
            policy, policy_id = _in_force(policies, on)
            people = payees.get((p["pk"], reward), [])
            if policy is None or not people:
                continue
            key = (p["pk"], reward)
            result = _calculate(reward, slot, year, policy, facts, people, granted[key])
            if result is None or result.computed <= 0:
                continue  # not eligible: nothing to check or approve
            if basis is None:
                basis = basis_of(p["pk"], facts)
                bases.append(basis)
            for share, (_payee, beneficiary_id) in zip(result.shares, people, strict=True):
                rows.append(
                    NewInstallment.row(
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
                        basis_id=basis,  # the basis's id once it is saved
                        granted_before=granted[key],
                    )
                )
            granted[key] += result.amount
    if not rows:
        return 0
    RewardBasis.objects.bulk_create(bases, batch_size=1000)
    for row in rows:
        row.basis_id = row.basis_id.pk
    NewInstallment.objects.bulk_create(rows, batch_size=1000)
    _audit(rows)
    register_totals_cache.bump()  # bulk_create sends no signals
    return len(rows)


def _calculate(reward, slot, year, policy, facts, people, granted):
    """The calculator's result for one slot, or None where the reward's rule says nothing is due."""
    if reward == Reward.INVESTMENT and not calc.investment_eligible(policy, facts):
        return None
    if reward == Reward.OPERATING and not calc.operating_eligible(policy, facts, year):
        return None
    payees = [x for x, _pk in people]
    return calc.installment(
        reward=reward,
        slot=slot,
        policy=policy,
        facts=facts,
        payees=payees,
        already_granted=granted,
        explain=False,
    )


def due_slots(p, facts, policies, today):
    """(date, reward, slot, tax year) of every installment the project has reached by `today`."""
    slots = []
    for field, reward, slot in MILESTONE_SLOTS:
        if p[field] and p[field] <= today:
            slots.append((p[field], reward, slot, None))
    for year in sorted(facts.retained_tax):
        on = calc.tax_year_date(year)
        policy, _pk = _in_force(policies, on)
        if on > today or policy is None:
            continue
        if year in calc.tax_years(facts.production_date, policy.contribution_years):
            slots.append((on, Reward.REFERRAL, calc.tax_slot(year), year))
        if year in calc.tax_years(facts.production_date, len(policy.operating_rates)):
            slots.append((on, Reward.OPERATING, calc.tax_slot(year), year))
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
        if r["project_id"] in seen:
            continue
        seen.add(r["project_id"])
        kind = (
            BeneficiaryKind.INDIVIDUAL
            if r["referrer_kind"] == ReferrerKind.INDIVIDUAL
            else BeneficiaryKind.ORGANISATION
        )
        name = (
            r["referrer_organisation"]
            if kind == BeneficiaryKind.ORGANISATION and r["referrer_organisation"]
            else r["referrer_name"]
        )
        missing.append(
            NewBeneficiary.row(
                project_id=r["project_id"],
                reward=Reward.REFERRAL,
                position=1,
                name=name,
                kind=kind,
                share=calc.HUNDRED,
                referral_id=r["pk"],
                identifier_encrypted="",
            )
        )
    for p in projects:
        identifier = None
        for reward in (Reward.INVESTMENT, Reward.OPERATING):
            if (p["pk"], reward) not in listed:
                if identifier is None:  # encrypted once per project
                    identifier = encrypt(p["investor_credit_code"])
                missing.append(
                    NewBeneficiary.row(
                        project_id=p["pk"],
                        reward=reward,
                        position=1,
                        name=p["investor_name"],
                        kind=BeneficiaryKind.ORGANISATION,
                        share=calc.HUNDRED,
                        referral_id=None,
                        identifier_encrypted=identifier,
                    )
                )
    if missing:
        NewBeneficiary.objects.bulk_create(missing, batch_size=2000)
        for b in missing:
            listed[(b.project_id, b.reward)].append((calc.Payee(b.pk, b.name, b.kind, b.share), b.pk))
    return listed


def _eligible_referrals(project_ids):
    if not project_ids:
        return []
    referrals = eligible_referrals().filter(project_id__in=project_ids).order_by("project_id", "submitted_at")
    return referrals.values("pk", "project_id", "referrer_kind", "referrer_organisation", "referrer_name")


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
