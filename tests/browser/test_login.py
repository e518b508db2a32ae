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


def test_the_unread_badge_fills_itself_in_and_follows_marking_as_read(page, live_server):
    from notifications.services import event_emit, event_fan_out

    user = factories.make_user("promotion_staff", "touchu", username="touchu-badge")
    for i in range(3):
        event, _ = event_emit(
            kind="test.note", key=f"badge:{i}", payload={"title": f"第{i}条消息"}, recipients=[user]
        )
        event_fan_out(event.pk)
    login(page, live_server, "touchu-badge")
    badge = page.locator("#unread-count")
    badge.wait_for(state="visible")
    assert badge.inner_text() == "3"

    page.goto(f"{live_server.url}/notifications/")
    page.get_by_role("button", name="标为已读", exact=True).first.click()
    page.wait_for_function("() => document.querySelector('#unread-count').textContent.trim() === '2'")
    page.get_by_role("button", name="全部标为已读").click()
    page.wait_for_load_state("networkidle")
    assert not page.locator("#unread-count").is_visible()
