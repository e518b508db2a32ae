"""The ledger's table is drawn once and kept (projects.caches.ledger_figures): a new, renamed, moved
or deleted project, a renamed unit, a chain's new strategy, a holiday, the next day and the reader's
language each show on the next page; a kept page reads only the signed-in user.
(A blocking enterprise request, which aftercare's light rule reads: tests/aftercare/test_project_light.py.)"""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from projects.enums import ProjectState
from tests import factories
from workdays.models import WorkdayAdjustment
from workdays.services import add_workdays, adjustments_changed, is_workday

pytestmark = pytest.mark.django_db
LEDGER = "/projects/"


def _row(page, name):
    return next(row for row in page.split("<tr>") if name in row)


def _ledger(client, *args, **kwargs):
    return client.get(LEDGER, *args, **kwargs).content.decode()


def test_a_new_renamed_moved_or_deleted_project_shows_on_the_next_page(client, staff):
    client.force_login(staff)
    first = factories.make_project(name="台账甲项目", state=ProjectState.LEAD)
    assert "1 个项目" in _ledger(client)

    second = factories.make_project(name="台账乙项目")
    page = _ledger(client)
    assert "2 个项目" in page and "台账乙项目" in page

    second.name = "台账乙项目（更名）"
    second.save()
    assert "台账乙项目（更名）" in _ledger(client)

    assert "台账甲项目" in _ledger(client, {"state": "lead"})
    first.state = ProjectState.INTAKE
    first.save()
    assert "台账甲项目" not in _ledger(client, {"state": "lead"})

    first.delete()
    page = _ledger(client)
    assert "1 个项目" in page and "台账甲项目" not in page


def test_the_htmx_table_follows_a_change_as_the_page_does(client, staff):
    client.force_login(staff)
    project = factories.make_project(name="局部刷新项目")
    table = client.get(LEDGER, {"sort": "name"}, HTTP_HX_REQUEST="true").content.decode()
    assert "局部刷新项目" in table and "<html" not in table

    project.name = "局部刷新项目（新）"
    project.save()
    table = client.get(LEDGER, {"sort": "name"}, HTTP_HX_REQUEST="true").content.decode()
    assert "局部刷新项目（新）" in table


def test_a_renamed_platform_shows_on_the_next_page(client, staff):
    units = factories.units()
    factories.make_project(name="平台更名项目", platform=units["kaifaqu"])
    client.force_login(staff)
    assert "平台更名项目" in _ledger(client)

    platform = units["kaifaqu"]
    platform.short_name = "新区简称"
    platform.save()
    assert "新区简称" in _row(_ledger(client), "平台更名项目")


def test_a_chains_new_strategy_shows_in_the_strategy_filter_at_once(client, staff):
    chain = factories.make_chain(strategy="extend")
    factories.make_project(name="强链项目", industry_chain=chain)
    client.force_login(staff)
    assert "强链项目" not in _ledger(client, {"chain_strategy": "strengthen"})

    chain.strategy = "strengthen"
    chain.save()
    assert "强链项目" in _ledger(client, {"chain_strategy": "strengthen"})


def test_a_new_holiday_turns_the_light_yellow_at_once(client, staff):
    today = timezone.localdate()
    # one working day past the ten-day "due soon" window: green until a working day becomes a holiday
    factories.make_project(name="节假日项目", state=ProjectState.ASSESSMENT, deadline=add_workdays(today, 11))
    client.force_login(staff)
    assert "light-green" in _row(_ledger(client), "节假日项目")

    day = today + dt.timedelta(days=1)
    while not is_workday(day):
        day += dt.timedelta(days=1)
    WorkdayAdjustment.objects.create(date=day, is_workday=False, reason="测试")
    adjustments_changed()
    assert "light-yellow" in _row(_ledger(client), "节假日项目")


def test_the_light_turns_red_the_day_after_the_deadline(client, staff):
    today = timezone.localdate()
    factories.make_project(
        name="到期项目", state=ProjectState.ASSESSMENT, deadline=today + dt.timedelta(days=30)
    )
    client.force_login(staff)
    assert "light-green" in _row(_ledger(client), "到期项目")

    with mock.patch("django.utils.timezone.localdate", return_value=today + dt.timedelta(days=31)):
        assert "light-red" in _row(_ledger(client), "到期项目")


def test_each_reader_language_is_drawn_in_its_own_words(client, staff):
    factories.make_project(name="双语项目")
    client.force_login(staff)
    page = _ledger(client, HTTP_ACCEPT_LANGUAGE="en")
    assert "Total investment (10k yuan)" in page and "总投资(万元)" not in page
    page = _ledger(client, HTTP_ACCEPT_LANGUAGE="zh-hans")  # last: the test leaves Chinese active
    assert "总投资(万元)" in page and "Total investment (10k yuan)" not in page


def test_another_page_sort_or_filter_is_not_answered_by_a_kept_one(client, staff):
    for n in range(30):
        factories.make_project(name=f"排序项目{n:02d}")
    client.force_login(staff)
    first = _ledger(client, {"sort": "name"})
    assert "排序项目00" in first and "排序项目29" not in first
    assert "排序项目29" in _ledger(client, {"sort": "-name"})
    assert "排序项目29" in _ledger(client, {"sort": "name", "page": "2"})
    assert "排序项目00" not in _ledger(client, {"sort": "name", "q": "排序项目1"})


def test_a_kept_page_is_never_shown_to_someone_without_ledger_access(client, staff, reviewer):
    factories.make_project(name="保密边界项目")
    client.force_login(staff)
    assert "保密边界项目" in _ledger(client)

    client.force_login(reviewer)
    response = client.get(LEDGER)
    assert response.status_code == 403 and "保密边界项目" not in response.content.decode()


def test_a_second_view_reads_only_the_signed_in_user(client, staff, django_assert_max_num_queries):
    factories.make_project(name="再次查看项目")
    client.force_login(staff)
    _ledger(client, {"state": "lead", "sort": "-due"})
    with django_assert_max_num_queries(1):  # the signed-in user
        assert "再次查看项目" in _ledger(client, {"state": "lead", "sort": "-due"})
    _ledger(client)
    with django_assert_max_num_queries(1):  # the table the full page drew, asked for by htmx
        assert "再次查看项目" in client.get(reverse("projects:list"), HTTP_HX_REQUEST="true").content.decode()
