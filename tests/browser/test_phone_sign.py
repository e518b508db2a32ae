"""On a phone (390×844) a reviewer goes from the login page to a signed opinion in at most four taps,
and no page on the way scrolls sideways. Typing into a field is not a tap: the phone's keyboard
moves from field to field; every press on a link, choice or button is."""

import pytest

from reviews.services import review_round_open
from tests import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
MAX_TAPS = 4
OPINION_LINK = "main a[href*='/reviews/opinions/']"


class Taps:
    def __init__(self, page):
        self.page, self.count, self.widths = page, 0, []

    def check_width(self):
        width = self.page.evaluate("document.documentElement.scrollWidth")
        viewport = self.page.evaluate("window.innerWidth")
        self.widths.append((self.page.url, width))
        assert width <= viewport, f"{self.page.url} scrolls sideways: {width}px on a {viewport}px screen"

    def tap(self, locator):
        """One tap that loads the next page."""
        self.count += 1
        with self.page.expect_navigation():
            locator.tap()
        self.check_width()

    def tap_in_place(self, locator):
        self.count += 1
        locator.tap()


def test_a_reviewer_signs_in_four_taps_on_a_phone_without_scrolling_sideways(phone_page, live_server):
    staff = factories.make_user("promotion_staff", "touchu")
    factories.make_user("department_reviewer", "fagai", username="phone-signer")
    project = factories.make_project(state="pre_review", name="手机签署项目")
    round_ = review_round_open(project=project, by=staff)
    page = phone_page
    taps = Taps(page)

    page.goto(f"{live_server.url}/accounts/login/")
    taps.check_width()
    page.fill("#id_username", "phone-signer")
    page.fill("#id_password", "pass-Xianju-1")
    taps.tap(page.locator("button[type=submit]"))  # 1: log in

    # 2: the home page opens the opinion waiting on the reviewer's unit
    assert page.locator(OPINION_LINK).count(), "the home page offers no link to the opinion waiting"
    taps.tap(page.locator(OPINION_LINK).first)
    assert "/reviews/opinions/" in page.url

    taps.tap_in_place(page.get_by_label("同意", exact=True))  # 3: agree
    taps.tap(page.get_by_role("button", name="签署", exact=True))  # 4: sign

    assert "意见已签署" in page.locator(".alert").first.inner_text()
    assert round_.opinions.get(unit__code="fagai").verdict == "agree"
    assert taps.count <= MAX_TAPS
