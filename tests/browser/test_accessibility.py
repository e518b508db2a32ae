"""WCAG 2.1 AA (GB/T 37668 follows it): axe-core finds nothing serious or critical on each demo role's
home and main work page, on the public referral form and on the status page; every form field has a
label; a reviewer signs an opinion with the keyboard alone."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from reviews.services import review_round_open
from tests import factories
from tests.conftest import login
from tests.demo_county import _role_accounts

from .accessibility import serious_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
FAST_HASHER = override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"])


def _unlabelled_fields(page):
    """Visible form fields without an accessible name (label, aria-label or aria-labelledby)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('input, select, textarea')]
            .filter(el => el.type !== 'hidden' && el.offsetParent !== null)
            .filter(el => !(el.labels && el.labels.length) && !el.getAttribute('aria-label')
                          && !el.getAttribute('aria-labelledby'))
            .map(el => el.name || el.id)"""
    )


def _audit(page, live_server, where, found):
    for rule, impact, nodes in serious_violations(page, live_server):
        found.append(f"{where}: {rule} ({impact}) at {nodes}")
    for name in _unlabelled_fields(page):
        found.append(f"{where}: the field {name!r} has no label")


@FAST_HASHER
def test_each_demo_roles_main_pages_and_the_public_pages_pass_axe(page, live_server, settings):
    call_command("seed_demo", stdout=io.StringIO())
    found = []
    for path in ("/refer/", "/refer/status/", "/accounts/login/"):
        page.goto(f"{live_server.url}{path}")
        _audit(page, live_server, path, found)
    for role, user in _role_accounts().items():
        login(page, live_server, user.username, password=settings.DEMO_PASSWORD)
        _audit(page, live_server, f"{role} home", found)
        # The role's main work page: the first entry of its navigation after the home page (a link
        # in the bar or the first of a menu's).
        work = page.locator("#mainnav a.nav-link, #mainnav a.dropdown-item").nth(1)
        if work.count():
            page.goto(f"{live_server.url}{work.get_attribute('href')}")
            _audit(page, live_server, f"{role} {page.url.removeprefix(live_server.url)}", found)
        page.context.clear_cookies()
    assert not found, "\n".join(found)


def test_a_reviewer_signs_an_opinion_with_the_keyboard_only(page, live_server):
    staff = factories.make_user("promotion_staff", "touchu")
    factories.make_user("department_reviewer", "fagai", username="keys-fagai")
    round_ = review_round_open(
        project=factories.make_project(state="pre_review", name="键盘预审项目"), by=staff
    )

    page.goto(f"{live_server.url}/accounts/login/")
    page.keyboard.press("Tab")  # the skip link first, then the fields in order
    _tab_to(page, "#id_username")
    page.keyboard.type("keys-fagai")
    page.keyboard.press("Tab")
    page.keyboard.type("pass-Xianju-1")
    with page.expect_navigation():
        page.keyboard.press("Enter")

    # From the home page to the opinion by Tab and Enter: through the inbox or straight to the opinion.
    for _ in range(3):
        if "/reviews/opinions/" in page.url:
            break
        on_inbox = page.url.endswith("/reviews/")
        _tab_to(page, "a[href*='/reviews/opinions/']" + ("" if on_inbox else ", a[href$='/reviews/']"))
        with page.expect_navigation():
            page.keyboard.press("Enter")
    assert "/reviews/opinions/" in page.url

    _tab_to(page, "#sign-form input[type=radio]")
    page.keyboard.press("Space")  # the first choice: agree
    _tab_to(page, "#sign-form button[type=submit]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert "意见已签署" in page.locator(".alert").first.inner_text()
    opinion = round_.opinions.get(unit__code="fagai")
    assert opinion.verdict == "agree"


def _tab_to(page, selector, limit=80):
    """Press Tab until the focused element matches `selector`; fail if it is never reached."""
    for _ in range(limit):
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{selector} cannot be reached with the Tab key")
