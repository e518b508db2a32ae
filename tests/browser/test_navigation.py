"""The navigation bar on a desktop and a phone (issue 14): one line at 1280 px for the role with the
most entries, menus opened and walked with the keyboard alone, and behind the menu button on a
phone without horizontal scrolling."""

import pytest

from tests import factories
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TOPS = """() => [...document.querySelectorAll('#mainnav > ul > li, #mainnav > form, #mainnav > div')]
                .map(e => Math.round(e.getBoundingClientRect().top))"""


def test_staff_navigation_fits_one_line_at_1280_and_opens_with_the_keyboard(page, live_server):
    factories.make_user("promotion_staff", "touchu", username="nav-staff")
    login(page, live_server, "nav-staff")

    tops = page.evaluate(TOPS)
    assert len(tops) >= 6 and max(tops) - min(tops) < 16, tops  # one line: no item wrapped below
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280

    page.focus("#nav-projects")
    page.keyboard.press("Enter")
    menu = page.locator("[aria-labelledby=nav-projects]")
    menu.wait_for(state="visible")
    assert page.locator("#nav-projects").get_attribute("aria-expanded") == "true"
    page.keyboard.press("ArrowDown")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "/projects/"
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith("/projects/")
    page.keyboard.press("Escape")


def test_on_a_phone_the_navigation_folds_behind_the_menu_button(phone_page, live_server):
    factories.make_user("promotion_staff", "touchu", username="nav-phone")
    login(phone_page, live_server, "nav-phone")

    assert not phone_page.locator("#nav-projects").is_visible()
    phone_page.get_by_role("button", name="菜单").click()
    phone_page.locator("#nav-projects").click()
    phone_page.locator("[aria-labelledby=nav-projects] a[href='/projects/']").wait_for(state="visible")
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 390
