"""Reminder sweep over 10k, 50k and 100k open project deadlines: time and memory.

    .venv/bin/python -m bench reminders [--sizes 10000,50000,100000]

Projects are bulk-created in a scratch database with deadlines spread from 30 days overdue to 300
days ahead (so some need reminders and many overdue ones need all three escalation levels). For
each size, a fresh process runs the sweep twice: the first run records every reminder and
escalation due, the second finds them all recorded (what every later daily run does). Each run is
timed, then repeated under tracemalloc for its peak of Python allocations; the process's peak RSS
is reported too. Flat memory means the sweep streams deadlines rather than loading them.
"""

import datetime as dt
import json
import random
import resource
import subprocess
import sys
import time
import tracemalloc

from bench import harness

DB_NAME = "xianju_bench_reminders"


def _sweep_in_this_process(db_url, today):
    harness.django_setup(db_url)
    from notifications.models import Event
    from notifications.reminders import deadline_sweep

    today = dt.date.fromisoformat(today)
    figures = {}
    for label in ("first", "repeat"):
        start = time.perf_counter()
        counts = deadline_sweep(today=today)
        figures[f"{label}_seconds"] = round(time.perf_counter() - start, 2)
        figures[f"{label}_counts"] = counts
    tracemalloc.start()
    deadline_sweep(today=today)
    figures["repeat_peak_python_mib"] = round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    tracemalloc.stop()
    figures["events"] = Event.objects.count()
    figures["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    # Undo the first sweep's events, so the next size starts from the same state.
    Event.objects.all().delete()
    print(json.dumps(figures, default=str))
    return 0


def _first_workday(day):
    from workdays.services import is_workday

    while not is_workday(day):
        day += dt.timedelta(days=1)
    return day


def _add_projects(start, count, today, people, unit):
    from projects.enums import ProjectState
    from projects.models import Project

    rng = random.Random(start)
    batch = []
    for n in range(start, start + count):
        batch.append(
            Project(
                name=f"基准项目{n}",
                investor_name=f"基准投资有限公司{n}",
                investor_key=f"基准投资{n}",
                state=ProjectState.SIGNED,
                responsible_unit=unit,
                platform=unit,
                deadline=today + dt.timedelta(days=rng.randint(-30, 300)),
                service_cadre_id=people[n % len(people)],
            )
        )
        if len(batch) == 5000:
            Project.objects.bulk_create(batch)
            batch = []
    Project.objects.bulk_create(batch)


def main(argv):
    if argv[:1] == ["--sweep"]:
        return _sweep_in_this_process(argv[1], argv[2])
    sizes = [10_000, 50_000, 100_000]
    if argv[:1] == ["--sizes"]:
        sizes = [int(s) for s in argv[1].split(",")]

    db_url = harness.prepare_database(DB_NAME)
    harness.django_setup(db_url)
    from org.demo_units import ensure_units
    from tests import factories

    units = ensure_units()
    head = factories.make_user("promotion_staff", "kaifaqu", username="bench-head")
    units["kaifaqu"].head = head
    units["kaifaqu"].save()
    people = [factories.make_user("promotion_staff", username=f"bench-cadre{i}").pk for i in range(50)]
    today = _first_workday(dt.date.today())

    rows = []
    made = 0
    for size in sizes:
        start = time.perf_counter()
        _add_projects(made, size - made, today, people, units["kaifaqu"])
        made = size
        print(f"{size} projects in place ({time.perf_counter() - start:.1f} s); sweeping...", flush=True)
        out = subprocess.run(
            [sys.executable, "-m", "bench", "reminders", "--sweep", db_url, today.isoformat()],
            cwd=harness.ROOT,
            env=harness.server_env(db_url),
            check=True,
            capture_output=True,
            text=True,
        )
        figures = json.loads(out.stdout.strip().splitlines()[-1])
        rows.append((size, figures))

    print()
    print(f"Reminder sweep on {today} (2 cores, PostgreSQL 15, Redis 7; DEBUG=0)")
    heads = ["deadlines", "events", "first s", "repeat s", "peak py MiB", "peak RSS MiB"]
    print(" ".join(f"{h:>12}" for h in heads))
    for _size, f in rows:
        cells = [f["first_counts"]["deadlines"], f["events"], f["first_seconds"], f["repeat_seconds"]]
        cells += [f["repeat_peak_python_mib"], f["peak_rss_mib"]]
        print(" ".join(f"{c:>12}" for c in cells))
    return 0
