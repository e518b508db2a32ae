import datetime as dt

import pytest

from org.models import User
from workdays.services import add_workdays, is_workday

pytestmark = pytest.mark.django_db


def test_a_local_day_off_entered_in_the_admin_moves_deadlines_at_once(client):
    admin = User.objects.create_superuser("root", "root@example.cn", "pass-Xianju-1")
    client.force_login(admin)
    assert add_workdays(dt.date(2025, 6, 2), 1) == dt.date(2025, 6, 3)  # cached before the change

    response = client.post(
        "/admin/workdays/workdayadjustment/add/",
        {"date": "2025-06-03", "is_workday": "", "reason": "县庆放假"},
    )

    assert response.status_code == 302
    assert not is_workday(dt.date(2025, 6, 3))
    assert add_workdays(dt.date(2025, 6, 2), 1) == dt.date(2025, 6, 4)


def test_a_local_make_up_saturday_counts_as_a_working_day(client):
    admin = User.objects.create_superuser("root", "root@example.cn", "pass-Xianju-1")
    client.force_login(admin)

    client.post(
        "/admin/workdays/workdayadjustment/add/",
        {"date": "2025-06-07", "is_workday": "on", "reason": "补班"},
    )

    assert add_workdays(dt.date(2025, 6, 6), 1) == dt.date(2025, 6, 7)
