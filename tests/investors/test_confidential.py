"""A confidential project shows its code name to those without a need to know (issue 16 §8)."""

import pytest
from django.urls import reverse

from notifications.deadlines import iter_open_deadlines
from projects.enums import ProjectState
from reviews.services import review_round_open
from tests import factories

pytestmark = pytest.mark.django_db
REAL, CODE = "某头部企业新型储能电池项目", "X-07项目"


@pytest.fixture
def secret_round(staff):
    factories.make_user("department_reviewer", "fagai", username="fagai-reviewer")
    project = factories.make_project(
        name=REAL, state=ProjectState.PRE_REVIEW, confidential=True, code_name=CODE
    )
    round_ = review_round_open(project=project, by=staff)
    return project, round_


@pytest.fixture
def reviewer(db):
    from org.models import User

    return User.objects.get(username="fagai-reviewer")


def test_a_department_reviewer_reads_the_code_name_on_every_page(client, secret_round, reviewer):
    project, round_ = secret_round
    opinion = round_.opinions.get(unit__code="fagai")
    client.force_login(reviewer)

    for url in (reverse("reviews:inbox"), reverse("reviews:opinion", args=[opinion.pk])):
        page = client.get(url).content.decode()
        assert CODE in page, url
        assert REAL not in page, url


def test_a_department_reviewer_reads_the_code_name_in_the_api(client, secret_round, reviewer):
    client.force_login(reviewer)

    rows = client.get("/api/review-opinions/?show=all").json()["results"]

    assert [r["project_name"] for r in rows] == [CODE]


def test_the_centre_and_the_task_force_read_the_real_name(client, secret_round, staff):
    from projects.services import task_force_set

    project, round_ = secret_round
    expert = factories.make_user("expert", "experts")
    task_force_set(project=project, by=staff, lead=staff, members=[], experts=[expert])

    assert project.name_for(staff) == REAL
    assert project.name_for(expert) == REAL
    client.force_login(staff)
    assert REAL in client.get(reverse("reviews:round", args=[round_.pk])).content.decode()


def test_reminders_name_a_confidential_project_by_its_code(secret_round):
    titles = [d.title for d in iter_open_deadlines()]

    assert any(CODE in t for t in titles)
    assert not any(REAL in t for t in titles)


def test_a_confidential_project_needs_a_code_name(staff):
    from django.core.exceptions import ValidationError

    from projects.services import project_create

    with pytest.raises(ValidationError) as exc:
        project_create(
            by=staff,
            name="保密项目",
            investor_name="某公司",
            confidential=True,
            total_investment=0,
            fixed_asset_investment=0,
        )

    assert exc.value.message_dict["code_name"] == ["保密项目须填写项目代号。"]
