"""Password spraying, tokens that outlive a password, and the client address behind the proxy."""

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.authtoken.models import Token

from tests import factories
from xianju_invest.client import client_address

pytestmark = pytest.mark.django_db
LOCKED = 429


def _login(client, username, password, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_one_address_spraying_many_accounts_is_refused_across_accounts(client, settings):
    names = [factories.make_user("department_reviewer", "fagai").username for _ in range(14)]
    refused = 0
    for attempt in range(3):
        for name in names:
            if _login(client, name, f"guess-{attempt}").status_code == LOCKED:
                refused += 1
    assert refused >= 14 * 3 - settings.AXES_ADDRESS_FAILURE_LIMIT
    # The right password from that address is refused too; another address is not affected.
    assert _login(client, names[0], "pass-Xianju-1").status_code == LOCKED
    assert _login(client, names[0], "pass-Xianju-1", REMOTE_ADDR="10.9.9.9").status_code == 302


def test_a_colleagues_typos_lock_only_their_own_name(client, settings):
    wang = factories.make_user("promotion_staff", username="wang")
    li = factories.make_user("promotion_staff", username="li")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, wang.username, "nope")

    assert _login(client, wang.username, "pass-Xianju-1").status_code == LOCKED
    assert _login(client, li.username, "pass-Xianju-1").status_code == 302


def test_the_token_endpoint_counts_failures_per_address_too(client, settings):
    for i in range(settings.AXES_ADDRESS_FAILURE_LIMIT):
        client.post("/api/auth/token/", {"username": f"nobody-{i}", "password": "x"})
    factories.make_user("leader", "leading-group", username="boss")

    response = client.post("/api/auth/token/", {"username": "boss", "password": "pass-Xianju-1"})

    assert response.status_code != 200


def _token(client, username):
    response = client.post("/api/auth/token/", {"username": username, "password": "pass-Xianju-1"})
    return response.json()["token"]


def test_a_password_change_revokes_the_users_api_tokens(client):
    user = factories.make_user("promotion_staff", username="zhou")
    token = _token(client, "zhou")
    client.force_login(user)

    response = client.post(
        reverse("password_change"),
        {
            "old_password": "pass-Xianju-1",
            "new_password1": "Another-pass-42",
            "new_password2": "Another-pass-42",
        },
    )

    assert response.status_code == 302
    assert not Token.objects.filter(key=token).exists()
    assert Client().get("/api/me/", HTTP_AUTHORIZATION=f"Token {token}").status_code in (401, 403)


def test_deactivating_an_account_revokes_its_api_tokens(client):
    user = factories.make_user("promotion_staff", username="qian")
    token = _token(client, "qian")

    user.is_active = False
    user.save()
    user.is_active = True
    user.save()

    assert not Token.objects.filter(key=token).exists()


def test_saving_an_account_otherwise_keeps_its_token(client):
    user = factories.make_user("promotion_staff", username="sun")
    token = _token(client, "sun")

    user.first_name = "小孙"
    user.save()

    assert Token.objects.filter(key=token).exists()


def _address(settings, trusted, remote, forwarded=None):
    settings.TRUSTED_PROXIES = trusted
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **meta))


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        ([], "10.0.0.1", "203.0.113.5", "10.0.0.1"),  # no proxy configured: the header is ignored
        (["10.0.0.1"], "198.51.100.7", "203.0.113.5", "198.51.100.7"),  # not from the proxy
        (["10.0.0.1"], "10.0.0.1", "203.0.113.5", "203.0.113.5"),
        (["10.0.0.1"], "10.0.0.1", "1.2.3.4, 203.0.113.5", "203.0.113.5"),  # forged left part
        (["10.0.0.0/8"], "10.0.0.1", "203.0.113.5, 10.0.0.2", "203.0.113.5"),  # two proxies
        (["10.0.0.1"], "10.0.0.1", "not-an-address", "10.0.0.1"),
        (["10.0.0.1"], "10.0.0.1", None, "10.0.0.1"),
        (["10.0.0.1", "::1"], "::1", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_the_client_address_trusts_the_forwarded_header_only_from_a_configured_proxy(
    settings, trusted, remote, forwarded, expected
):
    assert _address(settings, trusted, remote, forwarded) == expected


def test_behind_the_proxy_one_persons_failures_do_not_lock_the_name_for_everyone(client, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    factories.make_user("promotion_staff", username="zheng")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "zheng", "nope", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5")

    ok = _login(client, "zheng", "pass-Xianju-1", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.6")
    locked = _login(
        client, "zheng", "pass-Xianju-1", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.5"
    )

    assert ok.status_code == 302
    assert locked.status_code == LOCKED


def test_the_public_report_limit_is_per_client_behind_the_proxy(settings):
    from referrals import abuse

    settings.TRUSTED_PROXIES = ["10.0.0.1"]
    settings.REFERRAL_SUBMIT_LIMIT = 2
    factory = RequestFactory()
    one = factory.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.50")
    other = factory.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.51")

    assert [abuse.submit_allowed(one) for _ in range(3)] == [True, True, False]
    assert abuse.submit_allowed(other)
