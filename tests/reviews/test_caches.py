"""The inbox and the convener's view are drawn once and kept (reviews/caches.py): a signature, a new
round, a concluded round, a renamed project or a new 'due soon' setting shows on the next page."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from reviews.models import ReviewSettings
from reviews.services import opinion_sign, review_round_close, review_round_open
from tests import factories
from workdays.models import WorkdayAdjustment
from workdays.services import add_workdays, adjustments_changed

pytestmark = pytest.mark.django_db


def test_a_new_round_shows_in_the_inbox_at_once(client, staff, signers):
    review_round_open(project=factories.make_project(state="pre_review", name="第一个项目"), by=staff)
    client.force_login(signers["fagai"])
    inbox = reverse("reviews:inbox")
    assert client.get(inbox).content.decode().count('class="inbox-row"') == 1

    review_round_open(project=factories.make_project(state="pre_review", name="新开的项目"), by=staff)
    html = client.get(inbox).content.decode()
    assert html.count('class="inbox-row"') == 2 and "新开的项目" in html


def test_a_renamed_project_shows_its_new_name_in_the_inbox_at_once(client, staff, signers):
    project = factories.make_project(state="pre_review", name="旧名称项目")
    review_round_open(project=project, by=staff)
    client.force_login(signers["fagai"])
    assert "旧名称项目" in client.get(reverse("reviews:inbox")).content.decode()

    project.name = "新名称项目"
    project.save()
    html = client.get(reverse("reviews:inbox")).content.decode()
    assert "新名称项目" in html and "旧名称项目" not in html


def test_the_convener_view_follows_a_signature_and_the_conclusion_at_once(client, open_round, staff, signers):
    url = reverse("reviews:round", args=[open_round.pk])
    client.force_login(staff)
    assert "0 / 9" in client.get(url).content.decode()

    opinion_sign(opinion=open_round.opinions.get(unit__code="fagai"), by=signers["fagai"], verdict="agree")
    html = client.get(url).content.decode()
    assert "1 / 9" in html
    waiting = html[html.index('id="waiting"') : html.index('id="late"')]
    assert "发改" not in waiting

    review_round_close(round=open_round, by=staff, reason="企业撤回申请")
    html = client.get(url).content.decode()
    assert "已结束" in html and 'id="outcome"' in html and 'id="minutes-link"' in html
    assert 'id="waiting"' not in html and 'id="manage-link"' not in html

    project = open_round.project
    project.name = "改名后的项目"
    project.save()
    assert "改名后的项目" in client.get(url).content.decode()


def test_a_new_holiday_recolours_the_lights_at_once(client, staff, signers):
    today = timezone.localdate()
    due = add_workdays(today, 3)  # one working day past the two-day 'due soon' window
    review_round_open(project=factories.make_project(state="pre_review"), by=staff, due=due)
    client.force_login(signers["fagai"])
    assert 'data-light="green"' in client.get(reverse("reviews:inbox")).content.decode()

    # every day before the deadline becomes a holiday: the deadline is the next working day
    for n in range(1, (due - today).days):
        WorkdayAdjustment.objects.create(date=today + dt.timedelta(days=n), is_workday=False, reason="测试")
    adjustments_changed()
    assert 'data-light="yellow"' in client.get(reverse("reviews:inbox")).content.decode()


def test_a_second_view_reads_only_the_signed_in_user(
    client, open_round, staff, signers, django_assert_max_num_queries
):
    client.force_login(signers["fagai"])
    client.get(reverse("reviews:inbox"))
    with django_assert_max_num_queries(1):  # the signed-in user
        assert "inbox-row" in client.get(reverse("reviews:inbox")).content.decode()

    client.force_login(staff)
    url = reverse("reviews:round", args=[open_round.pk])
    client.get(url)
    with django_assert_max_num_queries(1):  # the signed-in user
        assert "0 / 9" in client.get(url).content.decode()


def test_the_settings_row_is_read_once_until_it_is_saved(django_assert_max_num_queries):
    ReviewSettings.load()  # created: its save moves the cache
    ReviewSettings.load()  # read and kept
    with django_assert_max_num_queries(0):
        assert ReviewSettings.load().due_soon_workdays == 2
    row = ReviewSettings.load()
    row.due_soon_workdays = 4
    row.save()
    assert ReviewSettings.load().due_soon_workdays == 4
