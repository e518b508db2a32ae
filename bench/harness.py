"""Reusable parts of the benchmarks: a scratch database, a gunicorn server on it, medians, a table.

A benchmark module `bench/NAME.py` defines `main(argv) -> int` and is run as
`.venv/bin/python -m bench NAME [args]`. A typical one:

    from bench import harness

    def main(argv):
        db_url = harness.prepare_database("xianju_bench_reviews")  # (re)created and migrated
        harness.django_setup(db_url)  # the ORM in this process, to fill the database
        from tests import factories
        user = factories.make_user("promotion_staff", "touchu", username="bench")
        ...  # bulk_create the data
        cookie = harness.session_cookie(user)  # a logged-in session, no login form needed
        with harness.Server(db_url) as server:  # gunicorn, DEBUG=0 (bench.settings), waits for /healthz
            results = [
                server.measure("trivial", "/bench/trivial"),
                server.measure("inbox", "/reviews/", cookie=cookie),
                server.measure("api", "/api/reviews/?page=2", cookie=cookie, n=30),
            ]
        harness.print_table(results, baseline="trivial")
        return 0

`Server.measure` warms up, then times `n` sequential GETs and returns a `Result` with the median
(and the 90th percentile) in milliseconds; a non-200 answer stops the run with the response's start.
"""

import http.client
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
PG_DEFAULT = "postgres://postgres@127.0.0.1:5432"


def database_url(name, base=None):
    """The URL of database `name` on the server of $BENCH_PG_URL (default: local postgres)."""
    base = (base or os.environ.get("BENCH_PG_URL") or PG_DEFAULT).rstrip("/")
    return f"{base}/{name}"


def prepare_database(name, *, recreate=True, base=None):
    """Create database `name` (dropping it first if `recreate`) and run every migration on it."""
    import psycopg2

    url = database_url(name, base)
    admin = psycopg2.connect(database_url("postgres", base))
    admin.autocommit = True
    with admin.cursor() as cur:
        cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        exists = cur.fetchone() is not None
        if exists and recreate:
            cur.execute(f'DROP DATABASE "{name}" WITH (FORCE)')
            exists = False
        if not exists:
            cur.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    env = server_env(url)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return url


def prepare_sqlite(name):
    """A fresh embedded database `name`.sqlite3, migrated, in a fresh VAR_DIR of its own (so its
    filesystem broker starts empty). Returns (url, var_dir): give both servers and workers
    `VAR_DIR=var_dir`."""
    var_dir = Path(tempfile.gettempdir()) / f"xianju-bench-{name}"
    shutil.rmtree(var_dir, ignore_errors=True)
    var_dir.mkdir(parents=True)
    url = f"sqlite:///{var_dir / f'{name}.sqlite3'}"
    env = server_env(url, VAR_DIR=str(var_dir))
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return url, var_dir


def django_setup(db_url, **env):
    """Load Django in this process against `db_url` (call once, before any model import)."""
    os.environ.update(server_env(db_url, **env))  # same SECRET_KEY as the server, so sessions carry over
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def session_cookie(user):
    """A `Cookie` header value carrying a fresh logged-in session for `user` (needs django_setup)."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = settings.AUTHENTICATION_BACKENDS[-1]
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


def _var_dir():
    path = Path(tempfile.gettempdir()) / "xianju-bench-var"
    path.mkdir(parents=True, exist_ok=True)
    return path


def server_env(db_url, **extra):
    """Production-like settings (DEBUG=0) for a server or command on `db_url`."""
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": db_url,
            "DEBUG": "0",
            "SECRET_KEY": "bench-only-secret-key-not-for-production-use-0123456789",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "0",
            "SECURE_HSTS_SECONDS": "0",
            "VAR_DIR": str(_var_dir()),
            "CELERY_BROKER_URL": "filesystem://",
            "LOG_LEVEL": "WARNING",
            "DJANGO_SETTINGS_MODULE": "bench.settings",
        }
    )
    env.pop("REDIS_URL", None)
    env.pop("CELERY_RESULT_BACKEND", None)
    env.update(extra)
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def stop(proc, timeout=20):
    """Stop a process started in a session of its own, with its children: TERM, then KILL."""
    if proc and proc.poll() is None:
        os.killpg(proc.pid, 15)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, 9)
            proc.wait()


@dataclass
class Result:
    name: str
    median_ms: float
    p90_ms: float
    n: int
    note: str = ""
    samples: list = field(default_factory=list, repr=False)


class Server:
    """gunicorn serving the portal on a free loopback port against `db_url`, as a context manager."""

    def __init__(self, db_url, *, workers=2, timeout=120, env=None):
        self.db_url = db_url
        self.workers = workers
        self.timeout = timeout
        self.env = server_env(db_url, **(env or {}))
        self.port = free_port()
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "xianju_invest.wsgi:application",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                str(self.workers),
                "--timeout",
                str(self.timeout),
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("gunicorn exited at start")
            try:
                status, _body, _t = self.get("/healthz")
                if status == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer /healthz within 60 s")

    def __exit__(self, *exc):
        stop(self.proc)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def get(self, path, *, cookie=None, headers=None):
        """One GET; returns (status, body bytes, seconds) — the time includes reading the whole body."""
        parts = urlsplit(path)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        all_headers = {"Host": "127.0.0.1", "Accept-Language": "zh-hans", **(headers or {})}
        if cookie:
            all_headers["Cookie"] = cookie
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        start = time.perf_counter()
        try:
            conn.request("GET", target, headers=all_headers)
            response = conn.getresponse()
            body = response.read()
            elapsed = time.perf_counter() - start
        finally:
            conn.close()
        return response.status, body, elapsed

    def measure(self, name, path, *, cookie=None, headers=None, n=40, warmup=3, note=""):
        """Median latency of `n` sequential GETs of `path` after `warmup` unmeasured ones."""
        samples = []
        for i in range(warmup + n):
            status, body, elapsed = self.get(path, cookie=cookie, headers=headers)
            if status != 200:
                raise RuntimeError(f"{name}: GET {path} answered {status}: {body[:300]!r}")
            if i >= warmup:
                samples.append(elapsed * 1000)
        samples.sort()
        p90 = samples[min(len(samples) - 1, int(round(0.9 * (len(samples) - 1))))]
        return Result(name, statistics.median(samples), p90, n, note, samples)

    def measure_interleaved(self, specs, *, n=40, rounds=10, warmup=20):
        """`measure` for several (name, path, cookie) specs at once: after `warmup` unmeasured GETs
        each (enough for every worker to settle its caches and prepared statements), `rounds`
        passes over all specs with n / rounds GETs each, so that a burst of other load on the
        machine hits every figure alike. Returns the Results in the order of `specs`."""
        samples = {name: [] for name, _path, _cookie in specs}
        for name, path, cookie in specs:
            self.measure(name, path, cookie=cookie, n=1, warmup=warmup)
        for _ in range(rounds):
            for name, path, cookie in specs:
                samples[name].extend(
                    self.measure(name, path, cookie=cookie, n=max(1, n // rounds), warmup=0).samples
                )
        results = []
        for name, _path, _cookie in specs:
            values = sorted(samples[name])
            p90 = values[min(len(values) - 1, int(round(0.9 * (len(values) - 1))))]
            results.append(Result(name, statistics.median(values), p90, len(values), "", values))
        return results


class Worker:
    """A Celery worker process (solo pool) beside a Server, on the same database and broker."""

    def __init__(self, db_url, *, env=None):
        self.env = server_env(db_url, **(env or {}))
        self.proc = None

    def __enter__(self):
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "xianju_invest", "worker", "--pool=solo"]
            + ["--loglevel=WARNING", "--without-gossip", "--without-mingle", "-n", f"bench-{os.getpid()}@%h"],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,  # the banner; warnings and errors go to stderr
            start_new_session=True,
        )
        return self

    def __exit__(self, *exc):
        stop(self.proc, timeout=30)


def print_table(results, *, baseline="trivial", targets=None, out=None):
    """Print name, median ms, p90 ms, ratio to the baseline's median and an optional target column.

    `targets` maps a result name to a short target text (e.g. "≤ 8×" or "< 200 ms").
    """
    out = out or sys.stdout
    targets = targets or {}
    base = next((r for r in results if r.name == baseline), None)
    header = f"{'measure':<34} {'median ms':>10} {'p90 ms':>9} {'× trivial':>10}  target"
    print(header, file=out)
    print("-" * len(header), file=out)
    for r in results:
        ratio = f"{r.median_ms / base.median_ms:.1f}" if base and base.median_ms else "-"
        target = targets.get(r.name, "")
        note = f"  ({r.note})" if r.note else ""
        print(f"{r.name:<34} {r.median_ms:>10.1f} {r.p90_ms:>9.1f} {ratio:>10}  {target}{note}", file=out)
