"""No dead links: every demo role logs in and clicks every same-site link, breadth first.

The roles come from the demo data (`seed_demo`, one account per role group), so a login a later
branch adds is crawled without being listed here. A link the viewer is offered must open: any answer
of 400 or more fails, with the page that offered it.
"""

import re
from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urljoin, urlsplit

import pytest
from django.conf import settings
from django.test import Client
from django.urls import Resolver404, resolve, reverse

from org.permissions import is_administrator
from tests.demo_county import demo_county  # noqa: F401 -- the module's fixture

MAX_URLS = 400  # per role
SAMPLES = 3  # URLs kept of each shape (the same path and query once ids are taken out)
NEVER = {"logout", "set_language"}  # links that end the walk rather than show a page
DIGITS = re.compile(r"\d+")


class Links(HTMLParser):
    """The targets a person can reach from a page: links, and the fragments HTMX loads by itself."""

    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.found.append((attrs["href"], False))
        if attrs.get("hx-get"):
            self.found.append((attrs["hx-get"], True))


def _shape(url):
    parts = urlsplit(url)
    query = sorted(
        (key, DIGITS.sub("#", value)) for key, value in parse_qsl(parts.query, keep_blank_values=True)
    )
    return DIGITS.sub("#", parts.path), tuple(query)


def _worth_following(url, user):
    parts = urlsplit(url)
    if parts.scheme not in ("", "http") or parts.netloc not in ("", "testserver"):
        return False
    if parts.path.startswith((settings.STATIC_URL, settings.MEDIA_URL)):
        return False
    try:
        match = resolve(parts.path)
    except Resolver404:
        return True  # a link to nowhere is exactly what the crawl is after
    if match.url_name in NEVER:
        return False
    return not ("admin" in match.namespaces and not is_administrator(user))


def _log_in(user, address):
    client = Client(raise_request_exception=False, REMOTE_ADDR=address)
    response = client.post(
        reverse("login"), {"username": user.username, "password": settings.DEMO_PASSWORD}, follow=True
    )
    assert response.status_code == 200 and response.wsgi_request.user.is_authenticated, user.username
    return client


def crawl(client, user, start="/"):
    """Breadth first from `start`; returns [(url, status, the page that offered it)] for failures."""
    seen, shapes, failures = {start}, Counter(), []
    queue = deque([(start, False, None)])
    visited = 0
    while queue and visited < MAX_URLS:
        url, is_fragment, offered_on = queue.popleft()
        extra = {"HTTP_HX_REQUEST": "true"} if is_fragment else {}
        response = client.get(url, **extra)
        visited += 1
        if response.status_code >= 400:
            failures.append((url, response.status_code, offered_on))
            continue
        if response.status_code in (301, 302, 303, 307, 308):
            target = urljoin(url, response["Location"])
            if target not in seen and _worth_following(target, user):
                seen.add(target)
                queue.append((target, False, url))
            continue
        if not response.get("Content-Type", "").startswith("text/html"):
            continue
        parser = Links()
        parser.feed(response.content.decode(response.charset or "utf-8", "replace"))
        for href, fragment in parser.found:
            target = urljoin(url, href.split("#", 1)[0])
            if not target or target in seen or not _worth_following(target, user):
                continue
            seen.add(target)
            shape = _shape(target)
            if shapes[shape] >= SAMPLES:
                continue
            shapes[shape] += 1
            queue.append((urlsplit(target)._replace(scheme="", netloc="").geturl(), fragment, url))
    return visited, failures


@pytest.mark.django_db
def test_every_link_offered_to_every_demo_role_opens(demo_county):  # noqa: F811
    dead = {}
    for index, (role, user) in enumerate(demo_county.users.items()):
        client = _log_in(user, address=f"198.51.100.{index + 1}")
        visited, failures = crawl(client, user)
        assert visited > 1, f"{role} ({user.username}) reaches nothing from the home page"
        if failures:
            dead[f"{role} ({user.username})"] = failures
    assert not dead, "links that do not open for the viewer they are offered to:\n" + "\n".join(
        f"  {who}: {url} → {status} (offered on {page})"
        for who, failures in dead.items()
        for url, status, page in failures
    )
