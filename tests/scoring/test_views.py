"""League-table pages: the board, the drill-down, the big screen, exports, challenges, adjustments."""

import datetime as dt
from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from scoring.models import Challenge, ChallengeClaim, ScoreAdjustment
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_project():
    units = factories.units()
    return factories.make_project(
        name="医疗器械产业园",
        total_investment=Decimal("1200000000"),
        fixed_asset_investment=0,
        contract_date=dt.date(2026, 2, 1),
        responsible_unit=units["anzhou"],
    )


def test_leader_opens_the_quarter_board_and_drills_down_to_the_project(
    client, leader, signed_project, django_assert_max_num_queries
):
    client.force_login(leader)
    with django_assert_max_num_queries(30):
        page = client.get(reverse("scoring:board"), {"period": "2026-Q1"})
    text = page.content.decode()
    assert page.status_code == 200
    assert "安洲街道" in text and "20.00" in text
    unit = factories.units()["anzhou"]
    detail = client.get(reverse("scoring:unit", args=[unit.pk]), {"period": "2026-Q1"}).content.decode()
    assert "医疗器械产业园" in detail
    assert f'href="{reverse("projects:detail", args=[signed_project.pk])}"' in detail
    assert reverse("projects:detail", args=[signed_project.pk]) in detail


def test_a_bad_period_is_said_in_chinese_and_the_current_quarter_shown(client, leader):
    client.force_login(leader)
    page = client.get(reverse("scoring:board"), {"period": "2026-Q7"}, follow=True)
    assert "不是有效的期间" in page.content.decode() or "is not a period" in page.content.decode()


def test_board_exports_as_excel_and_pdf(client, leader, signed_project):
    client.force_login(leader)
    xlsx = client.get(reverse("scoring:export_xlsx"), {"period": "2026-Q1", "group": "township"})
    rows = list(load_workbook(BytesIO(xlsx.content)).active.iter_rows(values_only=True))
    assert any(row[2] == "安洲街道" and row[1] == 1 for row in rows)
    pdf = client.get(reverse("scoring:export_pdf"), {"period": "2026-Q1"})
    assert pdf.status_code in (200, 302)
    if pdf.status_code == 200:
        assert pdf.content.startswith(b"%PDF")


def test_big_screen_carries_the_chart_data(client, leader, signed_project):
    client.force_login(leader)
    page = client.get(reverse("scoring:screen"), {"period": "2026-Q1"})
    assert page.status_code == 200
    assert 'id="screen-data"' in page.content.decode()


def test_staff_post_a_challenge_and_a_township_claims_it_with_its_project(client, staff, signed_project):
    client.force_login(staff)
    client.post(
        reverse("scoring:challenges"),
        {
            "title": "引进链主",
            "industry_chain": "",
            "min_investment_wan": "50000",
            "deadline": "2027-06-30",
            "bonus": "6",
        },
    )
    challenge = Challenge.objects.get()
    assert challenge.min_investment == Decimal("500000000")
    township = factories.make_user("platform_reviewer", "anzhou")
    client.force_login(township)
    client.post(reverse("scoring:claim", args=[challenge.pk]), {"project": signed_project.pk})
    claim = ChallengeClaim.objects.get()
    assert (claim.unit.code, claim.project) == ("anzhou", signed_project)


def test_a_bad_challenge_is_refused_next_to_its_field(client, staff):
    client.force_login(staff)
    page = client.post(
        reverse("scoring:challenges"),
        {"title": "任务", "min_investment_wan": "0", "deadline": "2019-01-01", "bonus": "6"},
    )
    assert page.status_code == 200
    assert not Challenge.objects.exists()


def test_an_adjustment_without_a_reason_saves_nothing(client, staff):
    client.force_login(staff)
    unit = factories.units()["anzhou"]
    page = client.post(
        reverse("scoring:adjustment_new"),
        {"unit": unit.pk, "on": "2026-02-01", "points": "-10", "reason": "  "},
    )
    assert page.status_code == 200
    assert not ScoreAdjustment.objects.exists()


def test_only_staff_adjust_scores(client, leader):
    client.force_login(leader)
    assert client.get(reverse("scoring:adjustment_new")).status_code == 403


def test_a_policy_version_in_force_is_read_only_in_the_admin_and_a_new_one_can_be_added(client):
    from django.contrib.auth import get_user_model

    from scoring.models import ScoringPolicy

    admin = get_user_model().objects.create_superuser("root", password="pass-Xianju-1")
    client.force_login(admin)
    policy = ScoringPolicy.objects.get()
    page = client.get(reverse("admin:scoring_scoringpolicy_change", args=[policy.pk]))
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert client.get(reverse("admin:scoring_scoringpolicy_add")).status_code == 200
