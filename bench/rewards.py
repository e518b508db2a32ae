"""Rewards: the daily job over 100,000 signed projects, the register page, the calculator.

    .venv/bin/python -m bench rewards [--projects 100000] [--db NAME] [--skip-fill [--reset]] [--skip-job]

Projects are bulk-created in a scratch database, each with reached milestones (completion,
production, capacity), verified figures, a confirmed first-report referrer and three verified
tax years. A fresh process then runs the daily job from scratch (every installment created), and
again with nothing new (what every later day does), the latter once more under tracemalloc for the
peak of Python allocations; peak RSS is reported too. Flat memory means the job walks projects in chunks.
Then gunicorn serves the rewards register (50 rows, filters and totals over every installment)
against the trivial view, and the calculator is timed alone (one installment, and a project's
whole schedule). The tables are analysed after the fill and after the first run, as autovacuum
would do within a minute of such a load. `--skip-job` measures only the pages of a filled database.
"""

import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
import timeit
import tracemalloc
from decimal import Decimal

from bench import harness

DB_NAME = "xianju_bench_rewards"
KEY = "YmVuY2gtb25seS1wYXllZS1rZXktMzItYnl0ZXMtISE="
TODAY = dt.date(2026, 11, 30)
CHUNK = 5000


def _fill(size):
    from django.contrib.auth.models import Group

    from incentives.enums import FactState
    from incentives.models import RetainedTax, VerifiedFigures
    from org.demo_units import ensure_units
    from org.models import User
    from projects.company import company_name_key
    from projects.models import Project
    from referrals.models import Referral

    units = ensure_units()
    staff = User.objects.create_user("bench-staff", password=None, unit=units["touchu"])
    staff.groups.add(Group.objects.get(name="promotion_staff"))
    other = User.objects.create_user("bench-staff2", password=None, unit=units["touchu"])
    other.groups.add(Group.objects.get(name="promotion_staff"))
    rng = random.Random(12)
    now = dt.datetime.now(dt.UTC)
    for start in range(0, size, CHUNK):
        projects = []
        for i in range(start, min(start + CHUNK, size)):
            total = Decimal(rng.choice([2, 5, 12, 35, 60])) * 100_000_000
            land = Decimal(rng.randint(20, 400))
            production = dt.date(2021, 1, 1) + dt.timedelta(days=rng.randint(0, 700))
            projects.append(
                Project(
                    name=f"基准项目{i}",
                    investor_name=f"基准投资有限公司{i}",
                    investor_key=f"基准投资{i}",
                    state="at_capacity",
                    platform=units["kaifaqu"],
                    total_investment=total,
                    fixed_asset_investment=total * Decimal("0.7"),
                    equipment_investment=total * Decimal("0.2"),
                    land_area=land,
                    contract_date=production - dt.timedelta(days=700),
                    actual_start_date=production - dt.timedelta(days=500),
                    actual_completion_date=production - dt.timedelta(days=60),
                    actual_production_date=production,
                    actual_capacity_date=production + dt.timedelta(days=300),
                )
            )
        Project.objects.bulk_create(projects, batch_size=2000)
        VerifiedFigures.objects.bulk_create(
            [
                VerifiedFigures(
                    project=p,
                    fixed_asset_investment=p.fixed_asset_investment,
                    equipment_investment=p.equipment_investment,
                    land_area=p.land_area,
                    document="bench.pdf",
                    state=FactState.VERIFIED,
                    entered_by=staff,
                    verified_by=other,
                    verified_at=now,
                )
                for p in projects
            ],
            batch_size=2000,
        )
        Referral.objects.bulk_create(
            [
                Referral(
                    tracking_code=f"BENCH{p.pk:011d}",
                    status="accepted",
                    is_first=True,
                    referrer_kind=rng.choice(["individual", "organisation"]),
                    referrer_name="基准引荐人",
                    referrer_mobile="13900000000",
                    declared_not_official=True,
                    declared_not_investor=True,
                    privacy_consent_at=now,
                    company_name=p.investor_name,
                    company_name_key=company_name_key(p.investor_name),
                    description="基准",
                    project=p,
                    centre_confirmed_at=now,
                    host_confirmed_at=now,
                )
                for p in projects
            ],
            batch_size=2000,
        )
        taxes = []
        for p in projects:
            first = p.actual_production_date.year + 1
            for year in range(first, first + 3):
                amount = (
                    p.land_area * Decimal(rng.choice([100_000, 400_000])) + Decimal(rng.randint(0, 99)) / 100
                )
                taxes.append(
                    RetainedTax(
                        project=p,
                        year=year,
                        amount=amount,
                        state=FactState.VERIFIED,
                        entered_by=staff,
                        verified_by=other,
                        verified_at=now,
                        imported=True,
                    )
                )
        RetainedTax.objects.bulk_create(taxes, batch_size=5000)
        print(f"  filled {min(start + CHUNK, size)} projects", flush=True)


def _job_in_this_process(db_url):
    harness.django_setup(db_url)
    from incentives.due import create_due, job_processes
    from incentives.models import Installment

    figures = {"processes": job_processes(None, 2)}
    start = time.perf_counter()
    figures["first_created"] = create_due(today=TODAY)
    figures["first_seconds"] = round(time.perf_counter() - start, 1)
    # CPU of the job's Python processes (itself and the processes it shared the chunks with), not
    # PostgreSQL's: on a shared machine the wall time follows the load, this much less so
    used = [resource.getrusage(who) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)]
    figures["first_python_cpu_seconds"] = round(sum(u.ru_utime + u.ru_stime for u in used), 1)
    figures["first_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    _analyze()
    start = time.perf_counter()
    figures["repeat_created"] = create_due(today=TODAY)
    figures["repeat_seconds"] = round(time.perf_counter() - start, 2)
    tracemalloc.start()
    create_due(today=TODAY)
    figures["repeat_peak_python_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    tracemalloc.stop()
    figures["installments"] = Installment.objects.count()
    figures["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(figures))
    return 0


def _analyze():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def _reset(db_url):
    """`--reset` (with `--skip-fill`): migrate the filled database and forget what earlier runs of the
    job wrote (installments, reviews, default beneficiaries, their audit rows), so the job starts
    from scratch again without filling anew."""
    from django.db import connection

    harness.prepare_database(db_url.rsplit("/", 1)[1], recreate=False)
    with connection.cursor() as cursor:
        cursor.execute("TRUNCATE incentives_objection, incentives_installment, incentives_rewardreview")
        cursor.execute("DELETE FROM incentives_beneficiary")
        cursor.execute("DELETE FROM audit_auditentry WHERE action = 'reward.calculated'")
        cursor.execute("VACUUM ANALYZE")


def _load():
    return open("/proc/loadavg").read().split()[0]


def _calculator():
    from incentives import calculator as calc

    policy = calc.Policy(label="bench", effective_from=dt.date(2020, 1, 1))
    facts = calc.Facts(
        total_investment=Decimal("1200000000"),
        fixed_asset_investment=Decimal("800000000"),
        equipment_investment=Decimal("300000000"),
        land_area=Decimal("200"),
        production_date=dt.date(2025, 5, 10),
        retained_tax={2026: Decimal("15000000"), 2027: Decimal("16000000"), 2028: Decimal("17000000")},
    )
    payees = [
        calc.Payee(i, "p", calc.INDIVIDUAL, Decimal(s)) for i, s in enumerate(["33.33", "33.33", "33.34"])
    ]
    one = (
        min(
            timeit.repeat(
                lambda: calc.referral_installment(
                    policy=policy, facts=facts, slot="completion", payees=payees
                ),
                number=200,
                repeat=5,
            )
        )
        / 200
    )
    whole = (
        min(
            timeit.repeat(
                lambda: calc.schedule(
                    policies=[policy],
                    facts=facts,
                    milestones=calc.Milestones(
                        dt.date(2025, 1, 5), dt.date(2025, 5, 10), dt.date(2026, 1, 1)
                    ),
                    referrers=payees,
                    company=calc.Payee("co", "公司", calc.ORGANISATION, Decimal("100")),
                ),
                number=50,
                repeat=5,
            )
        )
        / 50
    )
    return one * 1000, whole * 1000


def main(argv):
    if argv[:1] == ["--job"]:
        return _job_in_this_process(argv[1])
    flag = next((f for f in ("--projects", "--size") if f in argv), None)
    size = int(argv[argv.index(flag) + 1]) if flag else 100_000
    import os

    db_name = argv[argv.index("--db") + 1] if "--db" in argv else DB_NAME
    os.environ["REWARDS_PAYEE_KEY"] = KEY
    if "--skip-fill" in argv:
        db_url = harness.database_url(db_name)
    else:
        db_url = harness.prepare_database(db_name)
    harness.django_setup(db_url)
    if "--reset" in argv:
        print("resetting what the job wrote …", flush=True)
        _reset(db_url)
    if "--skip-fill" not in argv:
        print(f"filling {size} projects …", flush=True)
        start = time.perf_counter()
        _fill(size)
        print(f"  in {time.perf_counter() - start:.0f} s", flush=True)
        _analyze()
    if "--skip-job" not in argv:
        env = harness.server_env(db_url, REWARDS_PAYEE_KEY=KEY)
        print(f"daily job … (load average {_load()})", flush=True)
        out = subprocess.run(
            [sys.executable, "-m", "bench", "rewards", "--job", db_url],
            cwd=harness.ROOT,
            env=env,
            capture_output=True,
            text=True,
            check=True,
        )
        job = json.loads(out.stdout.strip().splitlines()[-1])
        print(f"daily job (load average now {_load()}):", json.dumps(job, ensure_ascii=False), flush=True)

    from django.contrib.auth.models import Group

    from org.models import User

    user = User.objects.get(username="bench-staff")
    user.groups.add(Group.objects.get(name="promotion_staff"))
    cookie = harness.session_cookie(user)
    from incentives.models import Installment

    last = -(-Installment.objects.count() // 50)
    api_last = -(-Installment.objects.filter(reward="operating").count() // 50)
    print(f"pages (load average {_load()})", flush=True)
    with harness.Server(db_url, env={"REWARDS_PAYEE_KEY": KEY}) as server:
        results = server.measure_interleaved(
            [
                ("trivial", "/bench/trivial", None),
                ("register", "/rewards/", cookie),
                ("register filtered", "/rewards/?reward=referral&state=calculated&year=2024", cookie),
                ("register page 200", "/rewards/?page=200", cookie),
                ("register last page", f"/rewards/?page={last}", cookie),
                ("api register", "/api/reward-installments/?reward=operating", cookie),
                ("api last page", f"/api/reward-installments/?reward=operating&page={api_last}", cookie),
            ]
        )
    harness.print_table(results, baseline="trivial")
    one, whole = _calculator()
    print(f"calculator: one installment {one:.3f} ms; a project's whole schedule {whole:.3f} ms")
    return 0
