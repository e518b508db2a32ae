"""Chain-map benchmark: one platform with 10,000 local firms and 100,000 projects on its chains.

    .venv/bin/python -m bench chains [--projects 100000] [--firms 10000] [--db xianju_bench_chains] [--reuse]

Fills the ledger benchmark's projects (bench.ledger.fill), moves them all onto the development
zone's chains (links in ranges, a quarter of the links left empty so every state shows), adds the
local firms and a few thousand targets, then times the chain map (API and page) and a chain
leader's view beside the trivial view. The counts and states are computed in the database.
"""

import argparse
import datetime as dt
import random

from bench import harness

TARGETS = {"chain map (API)": "< 300 ms", "chain map (page)": "< 300 ms"}


def place(n_firms, *, seed=11):
    """Projects and firms onto the zone's links; returns (platform, first chain)."""
    from django.db import connection

    from chains.models import ChainLink, IndustryChain, Target, TargetList
    from investors.models import Investor
    from org.models import Unit
    from projects.company import company_name_key
    from projects.models import Project

    rng = random.Random(seed)
    zone = Unit.objects.get(code="kaifaqu")
    IndustryChain.objects.filter(code__in=["city_services", "culture_tourism"]).update(is_active=False)
    IndustryChain.objects.filter(is_active=True).update(platform=zone)
    links = list(ChainLink.objects.filter(chain__platform=zone).select_related("chain").order_by("pk"))
    filled = [link for i, link in enumerate(links) if i % 4 != 3]
    ids = list(Project.objects.order_by("pk").values_list("pk", flat=True))
    size = len(ids) // len(filled) + 1
    for i, link in enumerate(filled):
        chunk = ids[i * size : (i + 1) * size]
        if chunk:
            Project.objects.filter(pk__range=(chunk[0], chunk[-1])).update(
                platform=zone, industry_chain_id=link.chain.code, chain_link=link, chain_link_set_by_hand=True
            )
    firms = []
    for i in range(n_firms):
        link = rng.choice(filled[: len(filled) // 2] * 3 + filled)  # some links dense, some thin
        name = f"仙居本地企业{i}有限公司"
        firms.append(
            Investor(
                name=name,
                name_key=company_name_key(name),
                is_local=True,
                platform=zone,
                chain_link=link,
                chain_link_set_by_hand=True,
            )
        )
    Investor.objects.bulk_create(firms, batch_size=5000)
    chain = links[0].chain
    targets, companies = [], []
    for chain_ in {link.chain for link in links}:
        target_list = TargetList.objects.create(name=f"基准名单{chain_.code}", source="other", chain=chain_)
        for i, link in enumerate(link for link in links if link.chain_id == chain_.pk):
            for j in range(40):
                name = f"目标企业{chain_.code}{i}-{j}有限公司"
                companies.append(Investor(name=name, name_key=company_name_key(name)))
                targets.append(
                    Target(
                        target_list=target_list,
                        chain_link=link,
                        name=name,
                        name_key=company_name_key(name),
                        reason="基准",
                        contacted_on=dt.date.today() if j % 3 == 0 else None,
                    )
                )
    Investor.objects.bulk_create(companies, batch_size=5000)  # a target is its company's record
    for target, company in zip(targets, companies, strict=True):
        target.investor = company
    Target.objects.bulk_create(targets, batch_size=5000)
    with connection.cursor() as cursor:
        for table in ("projects_project", "investors_investor", "chains_target"):
            cursor.execute(f"VACUUM ANALYZE {table}")
    return zone, chain, len(targets)


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench chains", description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--firms", type=int, default=10_000)
    parser.add_argument("--db", default="xianju_bench_chains")
    parser.add_argument("--reuse", action="store_true", help="keep the filled database from a previous run")
    args = parser.parse_args(argv)

    db_url = harness.database_url(args.db) if args.reuse else harness.prepare_database(args.db)
    harness.django_setup(db_url)
    from bench import ledger
    from org.models import Unit
    from tests import factories

    if args.reuse:
        zone = Unit.objects.get(code="kaifaqu")
        chain = zone.industry_chains.order_by("pk").first()
    else:
        print(f"filling {args.projects:,} projects …")
        ledger.fill(args.projects)
        zone, chain, n_targets = place(args.firms)
        print(f"  {args.firms:,} local firms, {n_targets:,} targets")
    from org.models import User

    user = User.objects.filter(username="bench-chains").first() or factories.make_user(
        "promotion_staff", "touchu", username="bench-chains"
    )
    cookie = harness.session_cookie(user)
    with harness.Server(db_url) as server:
        results = server.measure_interleaved(
            [
                ("trivial", "/bench/trivial", None),
                ("chain map (API)", f"/api/chains/map/?platform={zone.pk}", cookie),
                ("chain map (page)", f"/chains/?platform={zone.pk}", cookie),
                ("chain leader's view (page)", f"/chains/{chain.pk}/", cookie),
            ]
        )
    harness.print_table(results, baseline="trivial", targets=TARGETS)
    return 0
