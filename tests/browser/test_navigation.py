"""The navigation bar on a desktop and a phone (issue 14): one line at 1280 px for the role with the
most entries, menus opened and walked with the keyboard alone, and behind the menu button on a
phone without horizontal scrolling."""

import pytest

from tests import factories
from tests.conftest import login, logout

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


def test_in_english_the_bar_still_fits_one_line_and_signs_out_from_the_user_menu(page, live_server):
    factories.make_user("promotion_staff", "touchu", username="nav-english")
    login(page, live_server, "nav-english")
    with page.expect_navigation():
        page.select_option("#lang-select", "en")
    assert page.locator("html").get_attribute("lang") == "en"

    tops = page.evaluate(TOPS)
    assert len(tops) >= 6 and max(tops) - min(tops) < 16, tops
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 1280
    assert page.locator("#lang-select").evaluate("e => e.scrollWidth <= e.clientWidth")  # "English" whole

    logout(page)
    page.goto(f"{live_server.url}/projects/")
    assert "/accounts/login/" in page.url


def test_on_a_phone_the_navigation_folds_behind_the_menu_button(phone_page, live_server):
    factories.make_user("promotion_staff", "touchu", username="nav-phone")
    login(phone_page, live_server, "nav-phone")

    assert not phone_page.locator("#nav-projects").is_visible()
    phone_page.get_by_role("button", name="菜单").click()
    phone_page.locator("#nav-projects").click()
    phone_page.locator("[aria-labelledby=nav-projects] a[href='/projects/']").wait_for(state="visible")
    assert phone_page.evaluate("() => document.documentElement.scrollWidth") <= 390
