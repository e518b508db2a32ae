import pytest

from notifications.models import Notification
from notifications.services import event_emit, event_fan_out
from tests import factories

pytestmark = pytest.mark.django_db


def notify(user, n):
    for i in range(n):
        event, _ = event_emit(
            kind="test.note", key=f"api:{user.pk}:{i}", payload={"title": f"消息{i}"}, recipients=[user]
        )
        event_fan_out(event.pk)


def test_the_api_lists_my_notifications_and_marks_them_read(client, staff, django_assert_max_num_queries):
    other = factories.make_user("promotion_staff")
    notify(staff, 30)
    notify(other, 1)
    client.force_login(staff)

    with django_assert_max_num_queries(8):
        listing = client.get("/api/notifications/").json()
    assert listing["count"] == 30
    assert listing["results"][0]["kind"] == "test.note"
    assert client.get("/api/notifications/unread-count/").json() == {"unread": 30}

    first = listing["results"][0]["id"]
    assert client.post(f"/api/notifications/{first}/read/").json()["read_at"]
    assert client.get("/api/notifications/?unread=true").json()["count"] == 29
    assert client.post("/api/notifications/read-all/").json() == {"marked": 29}
    assert Notification.objects.get(user=other).read_at is None


def test_the_api_hides_other_peoples_notifications_and_rejects_a_bad_filter(client, staff):
    other = factories.make_user("promotion_staff")
    notify(other, 1)
    theirs = Notification.objects.get(user=other)
    client.force_login(staff)

    assert client.post(f"/api/notifications/{theirs.pk}/read/").status_code == 404
    response = client.get("/api/notifications/?unread=maybe")
    assert response.status_code == 400
    assert "unread" in response.json()


def test_the_api_needs_a_login(client):
    assert client.get("/api/notifications/").status_code in (401, 403)
