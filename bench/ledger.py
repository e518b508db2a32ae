"""Ledger benchmark: N projects in PostgreSQL, the ledger page, API list, rates and export under gunicorn.

    .venv/bin/python -m bench ledger [--projects 100000] [--db xianju_bench] [--requests 40] [--reuse]
        [--only "ledger page|API list|export"]

Fills a dedicated database (dropped and re-created unless --reuse finds it already holding N
projects) with a realistic spread of projects over platforms, chains, units and every stage, then
measures median latencies side by side with the trivial view, as ratios to it.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time
from decimal import Decimal

from bench import harness

LEDGER_PAGE_SIZE = 25
API_PAGE_SIZE = 50
EXPORT_ROWS = 10_000

# Share of projects per state: most are early leads, fewer reach production (a county's funnel).
STATE_WEIGHTS = {
    "lead": 20,
    "intake": 12,
    "assessment": 9,
    "pre_review": 6,
    "decision": 4,
    "signed": 8,
    "land_supplied": 6,
    "started": 10,
    "completed": 5,
    "in_production": 6,
    "at_capacity": 4,
    "assessed": 2,
    "exited": 6,
    "rejected": 2,
}
TARGETS = {
    "ledger page, first": "≤ 12×",
    "ledger page, last": "≤ 12×",
    "API list (50), first": "≤ 12×",
    "API list (50), last": "≤ 12×",
    "rates (API)": "< 200 ms",
    "export 10,000 rows": "< 5 s",
    "home, promotion staff": "≤ 8×",
    "home, leader": "≤ 8×",
    "home, department reviewer": "≤ 8×",
    "home, finance": "≤ 8×",
    "home, administrator": "≤ 8×",
    "search, staff": "≤ 8×",
}
HOME_ROLES = [
    ("promotion staff", "promotion_staff", "touchu"),
    ("leader", "leader", "leading-group"),
    ("department reviewer", "department_reviewer", "fagai"),
    ("finance", "finance", "caizheng"),
    ("administrator", "administrator", "touchu"),
]
ROUNDS = 40  # open pre-review rounds, so the reviewer's and the staff's panels have rows
NAME_PARTS = (
    ["年产", "新建", "智能", "高端", "绿色", "数字化"],
    ["医用导管", "原料药", "汽车零部件", "工程塑料", "电子元件", "精密模具", "文旅综合体", "康养度假"],
    ["项目", "基地", "产业园", "生产线", "中心"],
)
INVESTORS = ["杭州", "上海", "宁波", "苏州", "深圳", "台州", "温州", "南京"]
INVESTOR_KINDS = ["医疗器械", "药业", "汽车部件", "新材料", "电子科技", "文旅发展", "智能装备", "实业"]


def _random_credit_code(rng):
    from projects.credit_code import ALPHABET, check_char

    first = (
        "91"
        + "".join(rng.choice("0123456789") for _ in range(6))
        + "".join(rng.choice(ALPHABET) for _ in range(9))
    )
    return first + check_char(first)


def _project(rng, i, units, states, weights, today):
    from projects.company import company_name_key
    from projects.enums import PIPELINE, Category, InvestorOrigin, Source
    from projects.models import Project

    state = rng.choices(states, weights)[0]
    reached = state
    if state in ("exited", "rejected"):
        reached = rng.choice(PIPELINE[:9] if state == "exited" else ["pre_review", "decision"])
    stage = PIPELINE.index(reached)
    wan = Decimal(10000)
    total = Decimal(int(rng.lognormvariate(9.5, 1.0)) + 500) * wan  # 万元 -> yuan, median ~1.3亿
    fai = (total * Decimal(rng.uniform(0.5, 0.95))).quantize(Decimal("0.01"))
    base = today - dt.timedelta(days=rng.randint(-200, 1500))
    planned = [base + dt.timedelta(days=d) for d in (0, 120, 500, 560, 900)]
    signed = stage >= PIPELINE.index("signed")
    fields = {}

    def actual(index, planned_date):
        if stage >= PIPELINE.index(index):
            return planned_date + dt.timedelta(days=rng.randint(-30, 60))
        return None

    contract = planned[0] + dt.timedelta(days=rng.randint(-20, 40)) if signed else None
    fields["actual_start_date"] = actual("started", planned[1])
    fields["actual_completion_date"] = actual("completed", planned[2])
    fields["actual_production_date"] = actual("in_production", planned[3])
    fields["actual_capacity_date"] = actual("at_capacity", planned[4])
    # Keep the actual dates in order (the database checks it).
    chain = [contract] + [
        fields[k]
        for k in (
            "actual_start_date",
            "actual_completion_date",
            "actual_production_date",
            "actual_capacity_date",
        )
    ]
    for k in range(1, len(chain)):
        if chain[k] is not None and chain[k - 1] is not None and chain[k] < chain[k - 1]:
            chain[k] = chain[k - 1] + dt.timedelta(days=rng.randint(1, 30))
    contract, *rest = chain
    fields.update(
        dict(
            zip(
                [
                    "actual_start_date",
                    "actual_completion_date",
                    "actual_production_date",
                    "actual_capacity_date",
                ],
                rest,
                strict=True,
            )
        )
    )
    platform = rng.choices(units["platforms"] + [None], [50, 25, 15, 10])[0]
    investor = f"{rng.choice(INVESTORS)}{rng.choice(INVESTOR_KINDS)}有限公司{i}"
    contracted = (total * Decimal(rng.uniform(0.8, 1.0))).quantize(Decimal("0.01")) if signed else None
    return Project(
        name=f"{rng.choice(NAME_PARTS[0])}{rng.choice(NAME_PARTS[1])}{rng.choice(NAME_PARTS[2])}{i}",
        state=state,
        investor_name=investor,
        investor_key=company_name_key(investor),
        investor_credit_code=_random_credit_code(rng) if rng.random() < 0.7 else "",
        investor_origin=rng.choices(list(InvestorOrigin.values), [80, 15, 5])[0],
        is_fortune500=rng.random() < 0.02,
        platform=platform,
        industry_chain_id=rng.choice(units["chains"]),
        category=rng.choices(Category.values, [60, 20, 8, 12])[0],
        source=rng.choice(Source.values),
        total_investment=total,
        fixed_asset_investment=fai,
        equipment_investment=(fai * Decimal(rng.uniform(0.2, 0.6))).quantize(Decimal("0.01")),
        contracted_investment=contracted,
        funds_received=(contracted * Decimal(rng.uniform(0, 1))).quantize(Decimal("0.01"))
        if contracted
        else 0,
        land_area=Decimal(rng.randint(5, 300)),
        expected_output=total * 2,
        expected_tax=(total * Decimal("0.05")).quantize(Decimal("0.01")),
        planned_signing_date=planned[0],
        planned_start_date=planned[1],
        planned_completion_date=planned[2],
        planned_production_date=planned[3],
        planned_capacity_date=planned[4],
        contract_date=contract,
        land_supplied_date=contract + dt.timedelta(days=30)
        if stage >= PIPELINE.index("land_supplied")
        else None,
        responsible_unit=platform or rng.choice(units["townships"]),
        deadline=today + dt.timedelta(days=rng.randint(-60, 200)) if stage >= 2 else None,
        exit_reason="投资方战略调整" if state == "exited" else "",
        **fields,
    )


def fill(n, *, seed=3, batch=5000):
    """Create `n` projects with bulk_create; returns the seconds it took."""
    from django.db import connection

    from chains.models import IndustryChain
    from org.demo_units import PLATFORMS, TOWNSHIPS, ensure_units
    from projects.models import Project

    start = time.monotonic()
    all_units = ensure_units()
    units = {
        "platforms": [all_units[code] for code, _n, _s in PLATFORMS],
        "townships": [all_units[code] for code, _n, _k in TOWNSHIPS],
        "chains": [*IndustryChain.objects.values_list("code", flat=True), None],
    }
    rng = random.Random(seed)
    states, weights = list(STATE_WEIGHTS), list(STATE_WEIGHTS.values())
    today = dt.date.today()
    for offset in range(0, n, batch):
        rows = [
            _project(rng, i, units, states, weights, today) for i in range(offset, min(n, offset + batch))
        ]
        Project.objects.bulk_create(rows, batch_size=batch)
        print(f"\r  {min(n, offset + batch):,} / {n:,} projects", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        # created_at spread over five years (auto_now_add set them all to now).
        cursor.execute(
            "UPDATE projects_project SET created_at = now() - (random() * 1800) * interval '1 day'"
        )
        cursor.execute("VACUUM ANALYZE projects_project")
    return time.monotonic() - start


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench ledger", description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--db", default="xianju_bench")
    parser.add_argument("--requests", type=int, default=40, help="measured requests per figure")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it holds N projects")
    parser.add_argument(
        "--only", default="", help="measure only the figures whose name contains this (several: a|b)"
    )
    args = parser.parse_args(argv)

    reuse = args.reuse and _holds(args.db, args.projects)
    print(f"{'Migrating' if reuse else 'Creating and migrating'} {args.db} ...")
    url = harness.prepare_database(args.db, recreate=not reuse)
    harness.django_setup(url)
    from django.contrib.auth import get_user_model

    from projects.models import Project
    from tests import factories

    if not reuse:
        print(f"Filling {args.projects:,} projects ...")
        seconds = fill(args.projects)
        print(f"  filled in {seconds:.0f} s")
    count = Project.objects.count()
    user = get_user_model().objects.filter(username="bench-staff").first() or factories.make_user(
        "promotion_staff", "touchu", username="bench-staff"
    )
    cookie = harness.session_cookie(user)
    homes = _home_accounts(user)
    ledger_last = max(1, -(-count // LEDGER_PAGE_SIZE))
    api_last = max(1, -(-count // API_PAGE_SIZE))
    n = args.requests
    print(f"Measuring against {count:,} projects ({n} requests per figure, after warm-up) ...")
    # The home pages, the search and the ledger's lists, interleaved with the trivial view (a burst
    # of other load on the machine hits every figure and the baseline alike).
    specs = [
        ("trivial", "/bench/trivial", None),
        *[(f"home, {label}", "/", home_cookie) for label, home_cookie in homes],
        ("search, staff", "/search/?q=%E5%BA%B7%E5%85%BB", cookie),
        ("ledger page, first", "/projects/", cookie),
        ("ledger page, last", f"/projects/?page={ledger_last}", cookie),
        ("API list (50), first", "/api/projects/", cookie),
        ("API list (50), last", f"/api/projects/?page={api_last}", cookie),
    ]
    parts = [part for part in args.only.split("|") if part]

    def wanted(name):
        return not parts or any(part in name for part in parts)

    specs = [spec for spec in specs if spec[0] == "trivial" or wanted(spec[0])]
    # The dearer figures one after the other: (name, path, requests, warm-ups).
    singles = [
        ("rates (API)", "/api/ledger/rates/", n, 3),
        ("rates page", "/projects/rates/", max(5, n // 4), 3),
        ("dashboard page", "/projects/dashboard/", max(5, n // 4), 3),
        ("export 10,000 rows", f"/api/ledger/export/?limit={EXPORT_ROWS}", 5, 1),
    ]
    singles = [single for single in singles if wanted(single[0])]
    with harness.Server(url) as server:
        results = server.measure_interleaved(specs, n=n)
        for name, path, requests, warmup in singles:
            results.append(server.measure(name, path, cookie=cookie, n=requests, warmup=warmup))
    _report(count, results)
    _panel_costs()
    return 0


def _report(count, results):
    print()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Ledger benchmark: {count:,} projects; 2 gunicorn sync workers, DEBUG=0; load average {load}")
    harness.print_table(results, baseline="trivial", targets=TARGETS)


def _home_accounts(staff):
    """A signed-in session per role for the home pages, and open rounds for the review panels."""
    from django.contrib.auth import get_user_model

    from projects.models import Project
    from reviews.models import ReviewRound
    from reviews.services import review_round_open
    from tests import factories

    User = get_user_model()
    accounts = []
    for label, role, unit in HOME_ROLES:
        name = f"bench-{role}"
        user = staff if role == "promotion_staff" else User.objects.filter(username=name).first()
        user = user or factories.make_user(role, unit, username=name)
        accounts.append((label, harness.session_cookie(user)))
    missing = ROUNDS - ReviewRound.objects.count()
    if missing > 0:
        waiting = Project.objects.filter(state="pre_review").exclude(review_rounds__isnull=False)
        for project in waiting.order_by("pk")[:missing]:
            review_round_open(project=project, by=staff)
    return accounts


def _panel_costs():
    """What a home page costs when the ledger's cached figures were just moved (a project saved):
    the red lights and the rates computed over the whole ledger, in this process."""
    from django.utils import timezone

    from projects import panels

    today = timezone.localdate()
    for name, compute in (("red lights", panels._red), ("five rates", panels._rates)):
        start = time.perf_counter()
        compute(today)
        print(
            f"  cold {name} (recomputed after a project save, then cached for a minute): "
            f"{(time.perf_counter() - start) * 1000:.0f} ms"
        )


def _holds(name, n):
    import psycopg2

    try:
        conn = psycopg2.connect(harness.database_url(name))
    except psycopg2.OperationalError:
        return False
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM projects_project")
            return cur.fetchone()[0] == n
    except psycopg2.Error:
        return False
    finally:
        conn.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
