"""League-table benchmark: 100,000 projects with audit timelines; boards and drill-down under gunicorn.

    .venv/bin/python -m bench scoring [--projects 100000] [--db xianju_bench_scoring] [--reuse]
        [--service-requests 100000]

Fills a dedicated database with the ledger benchmark's projects (bench.ledger.fill), then gives each
its timeline as the services would have written it: created, moved to intake, signed (on the
contract date), exited (from the state it had reached), and for some a later change of the planned
start. Measures the quarter's and the year's board for all groups (API and page) and a township's
drill-down page, side by side with the trivial view.
"""

import argparse
import datetime as dt
import os
import random
import sys
import time

from bench import harness

TARGETS = {
    "board, quarter (API)": "< 300 ms",
    "board, year (API)": "< 1 s",
    "drill-down page, quarter": "≤ 12×",
}
POST_INTAKE = {"intake", "assessment", "pre_review", "decision", "signed", "land_supplied", "started"}
POST_INTAKE |= {"completed", "in_production", "at_capacity", "assessed", "exited", "rejected"}


def timelines(*, seed=5, batch=20_000):
    """Audit rows for every project, dated as the ledger's dates say; returns the seconds it took."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from audit.models import AuditEntry
    from projects.models import Project

    start = time.monotonic()
    AuditEntry._meta.get_field("at").auto_now_add = False  # the rows carry their own dates here
    rng = random.Random(seed)
    ct = ContentType.objects.get_for_model(Project)
    tz = dt.timezone(dt.timedelta(hours=8))
    rows, done = [], 0

    def entry(pid, day, action, from_state="", to_state="", data=None):
        at = dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)), tzinfo=tz)
        rows.append(
            AuditEntry(
                at=at,
                action=action,
                content_type=ct,
                object_id=pid,
                project_id=pid,
                from_state=from_state,
                to_state=to_state,
                data=data or {},
            )
        )

    fields = ("pk", "state", "created_at", "contract_date", "planned_start_date", "actual_start_date")
    for pid, state, created, contract, planned, started in Project.objects.values_list(*fields).iterator(
        chunk_size=batch
    ):
        born = (contract or created.date()) - dt.timedelta(days=rng.randint(40, 120))
        entry(pid, born, "project.created", to_state="lead")
        if state in POST_INTAKE:
            entry(pid, born + dt.timedelta(days=rng.randint(3, 30)), "project.transition", "lead", "intake")
        if contract:
            entry(pid, contract, "project.transition", "decision", "signed")
            if planned and rng.random() < 0.1:
                later = planned + dt.timedelta(days=rng.randint(10, 90))
                change = {"changes": {"planned_start_date": [planned.isoformat(), later.isoformat()]}}
                entry(pid, contract + dt.timedelta(days=rng.randint(1, 20)), "project.updated", data=change)
        if state == "exited":
            day = (started or contract or born) + dt.timedelta(days=rng.randint(10, 200))
            entry(
                pid,
                day,
                "project.transition",
                "started" if started else "signed" if contract else "assessment",
                "exited",
            )
        if len(rows) >= batch:
            AuditEntry.objects.bulk_create(rows, batch_size=batch)
            done += len(rows)
            rows.clear()
            print(f"\r  {done:,} audit rows", end="", flush=True)
    AuditEntry.objects.bulk_create(rows, batch_size=batch)
    print(f"\r  {done + len(rows):,} audit rows")
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE audit_auditentry")
    return time.monotonic() - start


def main(argv):
    parser = argparse.ArgumentParser(prog="python -m bench scoring", description=__doc__.splitlines()[0])
    parser.add_argument("--projects", type=int, default=100_000)
    parser.add_argument("--db", default="xianju_bench_scoring")
    parser.add_argument("--requests", type=int, default=20, help="measured requests per figure")
    parser.add_argument("--reuse", action="store_true", help="keep the database if it holds N projects")
    parser.add_argument(
        "--service-requests",
        type=int,
        default=0,
        help="also fill N enterprise requests (bench.aftercare.fill, on 2,000 more landed projects) for "
        "the enterprise-service rule",
    )
    args = parser.parse_args(argv)

    from bench import ledger

    landed = 2000 if args.service_requests else 0  # bench.aftercare.fill's projects
    reuse = args.reuse and any(ledger._holds(args.db, args.projects + extra) for extra in {0, landed})
    print(f"{'Migrating' if reuse else 'Creating and migrating'} {args.db} ...")
    url = harness.prepare_database(args.db, recreate=not reuse)
    harness.django_setup(url)
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from audit.models import AuditEntry
    from org.models import Unit
    from projects.models import Project
    from scoring.enums import PeriodKind
    from scoring.periods import Period
    from tests import factories

    if not reuse:
        print(f"Filling {args.projects:,} projects ...")
        print(f"  filled in {ledger.fill(args.projects):.0f} s")
        print("Writing their timelines ...")
        print(f"  written in {timelines():.0f} s")
    if args.service_requests:
        from aftercare.models import ServiceRequest
        from bench import aftercare

        if not ServiceRequest.objects.exists():
            print(f"Filling {args.service_requests:,} enterprise requests ...")
            print(f"  filled in {aftercare.fill(args.service_requests):.0f} s")
        print(f"  {ServiceRequest.objects.count():,} enterprise requests")
    count, entries = Project.objects.count(), AuditEntry.objects.count()
    user = get_user_model().objects.filter(username="bench-leader").first() or factories.make_user(
        "leader", "leading-group", username="bench-leader"
    )
    cookie = harness.session_cookie(user)
    quarter = Period.containing(PeriodKind.QUARTER, timezone.localdate()).previous()
    year = Period.containing(PeriodKind.YEAR, timezone.localdate()).previous()
    township = Unit.objects.get(code="anzhou")
    n = args.requests
    print(f"Measuring against {count:,} projects, {entries:,} audit rows ({n} requests per figure) ...")
    # The portal's settings run PostgreSQL sessions with JIT off (docs/performance.md).
    with harness.Server(url) as server:
        results = [
            server.measure("trivial", "/bench/trivial", n=n),
            server.measure(
                "board, quarter (API)", f"/api/scoring/board/?period={quarter.key}", cookie=cookie, n=n
            ),
            server.measure("board, quarter (page)", f"/league/?period={quarter.key}", cookie=cookie, n=n),
            server.measure("board, year (API)", f"/api/scoring/board/?period={year.key}", cookie=cookie, n=n),
            server.measure(
                "drill-down page, quarter",
                f"/league/units/{township.pk}/?period={quarter.key}",
                cookie=cookie,
                n=n,
            ),
        ]
    print()
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"League-table benchmark: {count:,} projects, {entries:,} audit rows; {quarter.key}, {year.key};")
    print(f"2 gunicorn sync workers, DEBUG=0, PostgreSQL JIT off (settings); load average {load}")
    harness.print_table(results, baseline="trivial", targets=TARGETS)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
