import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.db import connection

from tests import factories

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(autouse=True)
def fresh_caches():
    """Every test starts with every cache and per-process memo empty: the shared cache's keys of
    this run (only those: the same Redis database carries the Celery broker) and the memos that
    modules register with `xianju_invest.cache.register_process_memo`."""
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    from xianju_invest.cache import forget_process_memos

    cache = caches["default"]
    if isinstance(cache, RedisCache) and cache.key_prefix:  # Redis: this run's own keys
        client = cache._cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
    forget_process_memos()


@pytest.fixture(autouse=True)
def default_language():
    """Every test starts in the portal's default language: a request in English leaves English
    active in the thread after it (LocaleMiddleware does not deactivate), so a later test that
    draws text outside a request would read it in the wrong language."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def county_plan_chains(request):
    """The chains migration seeds the county plan's chains, which projects, referrals and challenges
    point at by code; a transactional test empties every table when it ends, so every test that uses
    the database finds them put back first (one look-up when they are there)."""
    names = set(request.fixturenames)
    if request.node.get_closest_marker("django_db") is None and not names & {"db", "transactional_db"}:
        return
    marker = request.node.get_closest_marker("django_db")
    transactional = "transactional_db" in names or (
        marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0]))
    )
    request.getfixturevalue("transactional_db" if transactional else "db")
    from chains.models import IndustryChain
    from chains.plan import ensure_county_plan

    if not IndustryChain.objects.exists():
        ensure_county_plan()


@pytest.fixture
def staff(db):
    return factories.make_user("promotion_staff", "touchu")


@pytest.fixture
def leader(db):
    return factories.make_user("leader", "leading-group")


@pytest.fixture
def reviewer(db):
    return factories.make_user("department_reviewer", "fagai")


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="zh-CN", viewport={"width": 1280, "height": 900})
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(
        locale="zh-CN", viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True
    )
    pg = context.new_page()
    pg.set_default_timeout(15000)
    yield pg
    context.close()


def login(page, live_server, username, password="pass-Xianju-1"):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_load_state("networkidle")


def logout(page):
    """Sign out through the user menu, as a person would."""
    page.locator("#user-menu").click()
    page.locator("form[action$='/logout/'] button").click()
    page.wait_for_load_state()


def start_worker(name="test"):
    """Start a real Celery worker process on this run's queue, pointed at the test database."""
    env = dict(os.environ, DATABASE_URL=_database_url())
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "xianju_invest", "worker", "--pool=solo", "--loglevel=WARNING"]
        + ["-Q", env["CELERY_QUEUE"], "-n", f"{name}-{os.getpid()}-{time.monotonic_ns()}@%h"]
        + ["--without-gossip", "--without-mingle"],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def stop_worker(proc):
    if proc.poll() is None:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker process on Redis, pointed at the test database."""
    proc = start_worker()
    from xianju_invest.celery import ping

    deadline = time.monotonic() + 60
    last_error = None
    while time.monotonic() < deadline:
        try:
            ping.apply_async(args=["ready"]).get(timeout=5)
            break
        except Exception as exc:
            last_error = exc
            if proc.poll() is not None:
                raise RuntimeError("celery worker exited at start") from exc
    else:
        os.killpg(proc.pid, signal.SIGKILL)
        raise RuntimeError(f"celery worker did not answer: {last_error!r}")
    yield proc
    stop_worker(proc)


def _database_url():
    """This run's DATABASE_URL with the test database's name in place of the configured one."""
    url = urlsplit(os.environ["DATABASE_URL"])
    return f"{url.scheme}://{url.netloc}/{connection.settings_dict['NAME']}"
