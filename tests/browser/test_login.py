import pytest

from tests import factories
from tests.conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_department_reviewer_logs_in_and_sees_the_chinese_home_page(page, live_server):
    factories.make_user("department_reviewer", "fagai", username="fagai-b")
    login(page, live_server, "fagai-b")
    assert page.locator("html").get_attribute("lang") == "zh-hans"
    assert "人人都是招商员" in page.content()
    assert "仙居县发展和改革局" in page.content()


def test_wrong_password_shows_a_chinese_error(page, live_server):
    factories.make_user("department_reviewer", "fagai", username="fagai-c")
    login(page, live_server, "fagai-c", password="wrong-one")
    assert page.get_by_role("alert").inner_text().startswith("用户名或密码错误")
