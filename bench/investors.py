"""Investor list benchmark: N investor records, each linked to a few projects, under gunicorn.

    .venv/bin/python -m bench investors [--investors 50000] [--db xianju_bench_investors] [--requests 40]

The list (first and last page, and the API's) is measured beside the trivial view, as a ratio to it;
the issue's bar is 12× the trivial view.
"""

import argparse
import os
import random
import time

from bench import harness

PAGE_SIZE = 25
API_PAGE_SIZE = 50
TARGETS = {
    "investor list, first": "≤ 12×",
    "investor list, last": "≤ 12×",
    "API list (50), first": "≤ 12×",
    "API list (50), last": "≤ 12×",
    "investor record": "≤ 12×",
}
CITIES = ["杭州", "上海", "宁波", "苏州", "深圳", "台州", "温州", "南京"]
TRADES = ["医疗器械", "药业", "汽车部件", "新材料", "电子科技", "文旅发展", "智能装备", "实业"]


def fill(n, *, seed=7, batch=5000):
    """`n` companies, half of them with 1–3 ledger projects linked to their record."""
    from django.db import connection

    from investors.models import Investor, ProjectInvestor, Source
    from projects.company import company_name_key
    from projects.models import Project

    start = time.monotonic()
    rng = random.Random(seed)
    sources = [
        Source.objects.get_or_create(name=f"基准来源{k}", defaults={"kind": "chamber"})[0] for k in range(5)
    ]
    for offset in range(0, n, batch):
        names = [
            f"{rng.choice(CITIES)}{rng.choice(TRADES)}有限公司{i}"
            for i in range(offset, min(n, offset + batch))
        ]
        investors = Investor.objects.bulk_create(
            [
                Investor(name=name, name_key=company_name_key(name), source=rng.choice(sources))
                for name in names
            ],
            batch_size=batch,
        )
        projects, owners = [], []
        for investor in investors:
            for _ in range(rng.choice([0, 0, 1, 2, 3])):
                projects.append(
                    Project(
                        name=f"{investor.name}项目",
                        investor_name=investor.name,
                        investor_key=investor.name_key,
                        total_investment=10_000_000,
                        fixed_asset_investment=5_000_000,
                    )
                )
                owners.append(investor)
        Project.objects.bulk_create(projects, batch_size=batch)
        ProjectInvestor.objects.bulk_create(
            [ProjectInvestor(project=p, investor=i) for p, i in zip(projects, owners, strict=True)],
            batch_size=batch,
        )
        print(f"\r  {min(n, offset + batch):,} / {n:,} investors", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return time.monotonic() - start


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench investors", description=__doc__.splitlines()[0])
    parser.add_argument("--investors", type=int, default=50_000)
    parser.add_argument("--db", default="xianju_bench_investors")
    parser.add_argument("--requests", type=int, default=40, help="measured requests per figure")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it was filled before")
    args = parser.parse_args(argv)

    print(f"Migrating {args.db} ...")
    url = harness.prepare_database(args.db, recreate=not args.reuse)
    harness.django_setup(url)
    from django.contrib.auth import get_user_model

    from investors.models import Investor
    from tests import factories

    if not Investor.objects.exists():
        print(f"Filling {args.investors:,} investors ...")
        print(f"  filled in {fill(args.investors):.0f} s")
    count = Investor.objects.count()
    busiest = Investor.objects.filter(project_links__isnull=False).values_list("pk", flat=True).first()
    user = get_user_model().objects.filter(username="bench-staff").first() or factories.make_user(
        "promotion_staff", "touchu", username="bench-staff"
    )
    cookie = harness.session_cookie(user)
    last, api_last = -(-count // PAGE_SIZE), -(-count // API_PAGE_SIZE)
    n = args.requests
    with harness.Server(url) as server:
        # Interleaved: a burst of other load on the shared machine hits every figure alike.
        results = server.measure_interleaved(
            [
                ("trivial", "/bench/trivial", None),
                # The ledger's page in the same run: what a list of the portal costs beside it.
                ("ledger page, first (reference)", "/projects/", cookie),
                # The floor of any signed-in page: session, user, context processors, base.html,
                # and an empty list of signing ceremonies with its small form.
                ("signed-in floor (reference)", "/investors/ceremonies/", cookie),
                ("investor list, first", "/investors/", cookie),
                ("investor list, last", f"/investors/?page={last}", cookie),
                ("API list (50), first", "/api/investors/", cookie),
                ("API list (50), last", f"/api/investors/?page={api_last}", cookie),
                ("investor record", f"/investors/{busiest}/", cookie),
            ],
            n=n,
        )
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Investor benchmark: {count:,} investors; 2 gunicorn sync workers, DEBUG=0; load average {load}")
    harness.print_table(results, baseline="trivial", targets=TARGETS)
    return 0
