""" "8+X" pre-review benchmark: N open rounds (8 fixed departments + the platform each) under gunicorn.

    .venv/bin/python -m bench reviews [--rounds 1000] [--db xianju_bench_reviews] [--requests 40] [--reuse]

Fills a dedicated database with N projects in pre-review, each with an open round and its 9
opinions (about a third signed, deadlines spread so every light shows), then measures the
reviewer's inbox, the convener's view of one round and the rounds list next to the trivial view.
With --reuse an already filled database is kept (only migrated), so repeated runs skip the fill.
"""

import argparse
import datetime as dt
import random
import sys
import time
from decimal import Decimal

from bench import harness

TARGETS = {
    "inbox, first page": "≤ 12×",
    "inbox, last page": "≤ 12×",
    "convener's view (1 round)": "≤ 12×",
}


def fill(n, *, seed=4):
    """Projects in pre-review, their open rounds and opinions, with bulk_create. Returns the users."""
    from django.db import connection

    from org.demo_units import FIXED_REVIEWERS
    from projects.models import Project
    from reviews.models import ReviewOpinion, ReviewRound
    from reviews.services import fixed_reviewer_units
    from tests import factories

    rng = random.Random(seed)
    units = factories.units()
    staff = factories.make_user("promotion_staff", "touchu", username="bench-staff")
    reviewers = {
        code: factories.make_user("department_reviewer", code, username=f"bench-{code}")
        for code, _name, _short in FIXED_REVIEWERS
    }
    fixed = list(fixed_reviewer_units())
    platforms = [units["kaifaqu"], units["gaotie"], units["dujiaqu"]]
    today = dt.date.today()
    wan = Decimal(10000)
    projects = Project.objects.bulk_create(
        [
            Project(
                name=f"预审基准项目{i}",
                investor_name=f"基准投资有限公司{i}",
                state="pre_review",
                platform=platforms[i % 3],
                responsible_unit=platforms[i % 3],
                total_investment=Decimal(rng.randint(5000, 200000)) * wan,
                fixed_asset_investment=Decimal(rng.randint(2000, 5000)) * wan,
                land_area=Decimal(rng.randint(10, 200)),
            )
            for i in range(n)
        ],
        batch_size=2000,
    )
    rounds = ReviewRound.objects.bulk_create(
        [
            ReviewRound(
                project=p,
                convener=staff,
                opened_on=today - dt.timedelta(days=rng.randint(0, 10)),
                min_investment_intensity=Decimal("300"),
                min_tax_per_mu=Decimal("30"),
                responsible_unit=p.platform,
            )
            for p in projects
        ],
        batch_size=2000,
    )
    opinions = []
    now = None
    for r in rounds:
        for position, unit in enumerate([*fixed, r.project.platform]):
            signed = rng.random() < 0.35
            opinions.append(
                ReviewOpinion(
                    round=r,
                    unit=unit,
                    is_fixed=position < len(fixed),
                    position=position,
                    due=today + dt.timedelta(days=rng.randint(-4, 8)),
                    verdict="agree" if signed else "",
                    signed_by=reviewers.get(unit.code) if signed else None,
                    signed_at=now,
                    version=1 if signed else 0,
                )
            )
    ReviewOpinion.objects.bulk_create(opinions, batch_size=5000)
    with connection.cursor() as cursor:
        cursor.execute("UPDATE reviews_reviewopinion SET signed_at = now() WHERE verdict <> ''")
        cursor.execute("VACUUM ANALYZE reviews_reviewopinion")
        cursor.execute("VACUUM ANALYZE reviews_reviewround")
        cursor.execute("VACUUM ANALYZE projects_project")
    return staff, reviewers["fagai"], rounds[len(rounds) // 2]


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench reviews", description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=1000)
    parser.add_argument("--db", default="xianju_bench_reviews")
    parser.add_argument("--requests", type=int, default=200, help="measured requests per figure")
    parser.add_argument(
        "--workers",
        type=int,
        default=1,
        help="gunicorn sync workers (the client sends one request at a time)",
    )
    parser.add_argument(
        "--redis",
        metavar="URL",
        help="serve with this Redis as the cache, as production does (default: in-process)",
    )
    parser.add_argument(
        "--reuse", action="store_true", help="keep an already filled database (migrate it, skip the fill)"
    )
    args = parser.parse_args(argv)

    print(f"{'Migrating' if args.reuse else 'Creating'} {args.db} ...")
    url = harness.prepare_database(args.db, recreate=not args.reuse)
    harness.django_setup(url)
    from org.models import User
    from reviews.models import ReviewOpinion, ReviewRound

    start = time.monotonic()
    if args.reuse and User.objects.filter(username="bench-staff").exists():
        staff = User.objects.get(username="bench-staff")
        reviewer = User.objects.get(username="bench-fagai")
        round_ids = list(ReviewRound.objects.order_by("pk").values_list("pk", flat=True))
        middle_round = ReviewRound.objects.get(pk=round_ids[len(round_ids) // 2])
        args.rounds = len(round_ids)
    else:
        staff, reviewer, middle_round = fill(args.rounds)
    opinions = ReviewOpinion.objects.count()
    pending = ReviewOpinion.objects.for_user(reviewer).filter(verdict="").count()
    print(f"  {args.rounds:,} open rounds, {opinions:,} opinions in {time.monotonic() - start:.0f} s")
    from django.db import DatabaseError, connection

    try:
        with connection.cursor() as cursor:  # write the fill out now, not while measuring
            cursor.execute("CHECKPOINT")
    except DatabaseError:  # CHECKPOINT needs a superuser (or pg_checkpoint): measure without it
        pass
    staff_cookie = harness.session_cookie(staff)
    reviewer_cookie = harness.session_cookie(reviewer)
    inbox_last = max(1, -(-pending // 25))
    specs = [
        ("trivial", "/bench/trivial", None),
        ("home page (reference)", "/", reviewer_cookie),
        ("inbox, first page", "/reviews/", reviewer_cookie),
        ("inbox, last page", f"/reviews/?page={inbox_last}", reviewer_cookie),
        ("convener's view (1 round)", f"/reviews/rounds/{middle_round.pk}/", staff_cookie),
        ("rounds list, first page", "/reviews/rounds/", staff_cookie),
        ("API inbox (50)", "/api/review-opinions/?show=pending", reviewer_cookie),
        ("API round detail", f"/api/review-rounds/{middle_round.pk}/", staff_cookie),
    ]
    env = {"REDIS_URL": args.redis, "CACHE_KEY_PREFIX": f"bench-{time.time():.0f}"} if args.redis else None
    with harness.Server(url, workers=args.workers, env=env) as server:
        results = server.measure_interleaved(specs, n=args.requests)
    print()
    print(
        f"Pre-review benchmark: {args.rounds:,} open rounds, {opinions:,} opinions "
        f"({pending:,} waiting on one department); {args.workers} gunicorn sync worker(s), "
        f"cache {'Redis' if args.redis else 'in-process'}, DEBUG=0"
    )
    harness.print_table(results, baseline="trivial", targets=TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
