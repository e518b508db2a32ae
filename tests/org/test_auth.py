import pytest
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_login_page_speaks_chinese_by_default(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert "登录" in response.content.decode()


def test_wrong_password_gets_a_chinese_error(client):
    factories.make_user("promotion_staff", username="lin")
    response = client.post(reverse("login"), {"username": "lin", "password": "wrong"})
    assert response.status_code == 200
    assert "用户名或密码错误" in response.content.decode()


def test_login_and_home_page_show_the_unit(client):
    factories.make_user("department_reviewer", "fagai", username="fg")
    response = client.post(reverse("login"), {"username": "fg", "password": "pass-Xianju-1"}, follow=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "仙居县发展和改革局" in body


def test_repeated_failures_lock_the_account_for_a_while(client, settings):
    factories.make_user("promotion_staff", username="wang")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "wang", "password": "nope"})
    response = client.post(reverse("login"), {"username": "wang", "password": "pass-Xianju-1"})
    assert response.status_code == 429
    assert "登录失败次数过多" in response.content.decode()


def test_english_is_available(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.get(reverse("login"))
    assert "Log in" in response.content.decode()


def test_password_change_requires_the_old_password(client):
    user = factories.make_user("promotion_staff", username="zhao")
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": "bad", "new_password1": "Another-pass-42", "new_password2": "Another-pass-42"},
    )
    assert "旧密码不正确" in response.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pass-Xianju-1",
            "new_password1": "Another-pass-42",
            "new_password2": "Another-pass-42",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Another-pass-42")


def test_api_token_for_username_and_password(client):
    factories.make_user("leader", "leading-group", username="boss")
    response = client.post("/api/auth/token/", {"username": "boss", "password": "pass-Xianju-1"})
    assert response.status_code == 200
    token = response.json()["token"]
    me = client.get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}")
    assert me.status_code == 200
    assert me.json()["roles"] == ["leader"]


def test_api_token_refused_for_a_wrong_password(client):
    factories.make_user("leader", "leading-group", username="boss2")
    response = client.post("/api/auth/token/", {"username": "boss2", "password": "x"})
    assert response.status_code == 400
    assert "non_field_errors" in response.json()


def test_api_token_locks_after_repeated_failures(client, settings):
    factories.make_user("leader", "leading-group", username="boss3")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/api/auth/token/", {"username": "boss3", "password": "x"})
    response = client.post("/api/auth/token/", {"username": "boss3", "password": "pass-Xianju-1"})
    assert response.status_code in (400, 403, 429)
    assert (
        "token" not in response.json()
        if response.headers["Content-Type"].startswith("application/json")
        else True
    )


def test_api_requires_authentication(client):
    assert client.get("/api/units/").status_code in (401, 403)
