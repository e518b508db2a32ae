"""Enterprise-request benchmark: 100,000 requests over a year; unit statistics and request lists.

    .venv/bin/python -m bench aftercare [--requests-total 100000] [--db xianju_bench_aftercare]

Fills a dedicated database with 2,000 landed projects of 400 companies and N requests spread over
the last twelve months, routed to the county's departments, platforms and townships, in every state
(on time and late). Measures a year of unit statistics (API, computed in the database) and the
request lists of the centre, a unit and an enterprise (page and API), beside the trivial view.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time

from bench import harness

TARGETS = {
    "unit statistics, a year (API)": "< 300 ms",
    "list, centre (page)": "≤ 12×",
    "list, centre (API)": "≤ 12×",
    "list, unit (page)": "≤ 12×",
    "list, enterprise (page)": "≤ 12×",
}
STATES = {
    "solved": 50,
    "unconfirmed": 6,
    "withdrawn": 4,
    "proposed": 8,
    "in_progress": 12,
    "assigned": 6,
    "reopened": 3,
    "waiting": 4,
    "withdrawal_asked": 1,
    "submitted": 6,
}


def fill(n, *, seed=15, batch=10_000):
    """2,000 projects of 400 companies and `n` requests; returns the seconds it took."""
    from django.db import connection

    from aftercare.models import RequestAssignment, ServiceRequest
    from org.enums import UnitKind
    from org.models import Unit
    from projects.models import Project
    from tests import factories

    start = time.monotonic()
    rng = random.Random(seed)
    units = factories.units()
    handlers = list(Unit.objects.filter(kind__in=[UnitKind.DEPARTMENT, UnitKind.PLATFORM, UnitKind.TOWNSHIP]))
    staff = factories.make_user("promotion_staff", "touchu", username="bench-staff")
    Project.objects.bulk_create(
        [
            Project(
                name=f"落地项目{i}",
                investor_name=f"落地企业{i % 400}有限公司",
                investor_key=f"落地企业{i % 400}",
                state="started",
                platform=units["kaifaqu"],
                responsible_unit=rng.choice(handlers),
                service_cadre=staff,
            )
            for i in range(2000)
        ]
    )
    projects = list(Project.objects.values_list("pk", "investor_key"))
    today = dt.date.today()
    states, weights = list(STATES), list(STATES.values())
    for offset in range(0, n, batch):
        rows = []
        for _i in range(offset, min(n, offset + batch)):
            pid, key = rng.choice(projects)
            state = rng.choices(states, weights)[0]
            filed = today - dt.timedelta(days=rng.randint(0, 364))
            row = ServiceRequest(
                project_id=pid,
                company_key=key,
                title="诉求",
                category=rng.choice(["land", "utilities", "permits"]),
                description="……",
                state=state,
                filed_by=staff,
                filed_on=filed,
            )
            if state != "submitted":
                late = rng.random() < 0.15
                row.lead_unit = rng.choice(handlers)
                row.assigned_on = filed + dt.timedelta(days=1)
                row.contact_due = row.assigned_on + dt.timedelta(days=1)
                row.contacted_on = row.contact_due + dt.timedelta(days=2 if late else 0)
                row.reply_due = row.assigned_on + dt.timedelta(days=3)
                row.close_due = row.assigned_on + dt.timedelta(days=7)
                if state in ("solved", "unconfirmed", "proposed"):
                    row.proposed_on = row.close_due + dt.timedelta(days=3 if late else -1)
                if state in ("solved", "unconfirmed", "withdrawn"):
                    row.closed_on = row.close_due + dt.timedelta(days=2)
                if state == "solved":
                    row.rating = rng.choice([3, 4, 5, 5])
            rows.append(row)
        ServiceRequest.objects.bulk_create(rows, batch_size=batch)
        RequestAssignment.objects.bulk_create(
            [
                RequestAssignment(
                    request=r,
                    unit=r.lead_unit,
                    role="lead",
                    assigned_on=r.assigned_on,
                    objection_due=r.assigned_on,
                )
                for r in rows
                if r.lead_unit is not None
            ],
            batch_size=batch,
        )
        print(f"\r  {min(n, offset + batch):,} / {n:,} requests", end="", flush=True)
    print()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE aftercare_servicerequest")
        cursor.execute("VACUUM ANALYZE aftercare_requestassignment")
    return time.monotonic() - start


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench aftercare", description=__doc__.splitlines()[0])
    parser.add_argument("--requests-total", type=int, default=100_000)
    parser.add_argument("--db", default="xianju_bench_aftercare")
    parser.add_argument("--requests", type=int, default=20, help="measured requests per figure")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it holds the requests")
    args = parser.parse_args(argv)

    print(f"{'Migrating' if args.reuse else 'Creating and migrating'} {args.db} ...")
    url = harness.prepare_database(args.db, recreate=not args.reuse)
    harness.django_setup(url)
    from django.utils import timezone

    from aftercare.models import ServiceRequest
    from aftercare.selectors import unit_statistics
    from projects.models import Project
    from tests import factories

    if not (args.reuse and ServiceRequest.objects.count() >= args.requests_total):
        print(f"Filling {args.requests_total:,} requests ...")
        print(f"  filled in {fill(args.requests_total):.0f} s")
    today = timezone.localdate()
    month = today.replace(day=1)
    start = month.replace(year=month.year - 1)
    timings = []
    for _i in range(10):
        t = time.perf_counter()
        rows = unit_statistics(start=start, end=today + dt.timedelta(days=1))
        timings.append((time.perf_counter() - t) * 1000)
    timings.sort()
    print(f"  in-process unit_statistics over a year: {len(rows)} rows, median {timings[5]:.1f} ms")

    from org.models import User

    User.objects.filter(username__in=["bench-leader", "bench-unit", "bench-qiye"]).delete()
    staff = factories.make_user("leader", "leading-group", username="bench-leader")
    unit_user = factories.make_user("platform_reviewer", "kaifaqu", username="bench-unit")
    company = Project.objects.order_by("pk").first()
    enterprise = factories.make_enterprise(company, username="bench-qiye")
    mine = ServiceRequest.objects.filter(company_key=company.investor_key).count()
    cookies = {
        name: harness.session_cookie(u)
        for name, u in (("centre", staff), ("unit", unit_user), ("ent", enterprise))
    }
    n = args.requests
    period = f"from={start:%Y-%m}&to={month:%Y-%m}"
    specs = [
        ("trivial", "/bench/trivial", None),
        ("unit statistics, a year (API)", f"/api/aftercare/statistics/?{period}", cookies["centre"]),
        ("unit statistics, a year (page)", f"/aftercare/statistics/?{period}", cookies["centre"]),
        ("list, centre (page)", "/aftercare/", cookies["centre"]),
        ("list, centre (API)", "/api/aftercare/requests/", cookies["centre"]),
        ("list, centre, last page", "/aftercare/?page=99999", cookies["centre"]),
        ("list, centre, one state (page)", "/aftercare/?state=in_progress", cookies["centre"]),
        ("list, unit (page)", "/aftercare/", cookies["unit"]),
        ("list, unit (API)", "/api/aftercare/requests/", cookies["unit"]),
        ("list, enterprise (page)", "/aftercare/", cookies["ent"]),
    ]
    with harness.Server(url) as server:
        # Interleaved: a burst of other load on the shared machine hits every figure alike.
        results = server.measure_interleaved(specs, n=n, rounds=min(n, 10), warmup=5)
    print()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"Enterprise-request benchmark: {ServiceRequest.objects.count():,} requests over a year "
        f"({mine} of the enterprise's company); 2 gunicorn sync workers, DEBUG=0; load average {load}"
    )
    harness.print_table(results, baseline="trivial", targets=TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
