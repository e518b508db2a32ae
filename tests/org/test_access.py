"""The signed-in user is cached nowhere a change could miss: access follows the account's row."""

import pytest

from org.models import User
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client):
    user = factories.make_user("promotion_staff")
    client.force_login(user)
    assert client.get("/projects/").status_code == 200  # the user and their permissions now cached
    return user


def test_deactivating_a_user_with_save_ends_their_access_at_the_next_request(client, signed_in):
    signed_in.is_active = False
    signed_in.save()

    response = client.get("/projects/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_deactivating_a_user_with_a_bulk_update_ends_their_access_at_the_next_request(client, signed_in):
    User.objects.filter(pk=signed_in.pk).update(is_active=False)

    response = client.get("/projects/")

    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client.get("/api/projects/").status_code in (401, 403)


def test_taking_superuser_away_with_a_bulk_update_takes_its_permissions_too(client):
    user = factories.make_user("department_reviewer", "fagai")
    User.objects.filter(pk=user.pk).update(is_superuser=True)
    client.force_login(user)
    assert client.get("/projects/").status_code == 200

    User.objects.filter(pk=user.pk).update(is_superuser=False)

    assert client.get("/projects/").status_code == 403
