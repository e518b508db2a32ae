"""The header's search (issue 14, point 5): projects by name, investor or credit code; referrals by
tracking code; rounds by minutes number; each viewer finds only what they may open."""

import re

import pytest
from django.urls import reverse

from projects.credit_code import check_char
from referrals.enums import ReferralStatus
from referrals.models import format_tracking_code
from reviews.models import ReviewMinutes
from tests import factories
from tests.reviews.conftest import open_round, project, sign_all, signers, threshold, units  # noqa: F401

BODY = "91331024MA2" + "ABCDEF"  # 17 characters; the 18th is the check digit
CREDIT_CODE = BODY + check_char(BODY)


def results(client, user, q):
    client.force_login(user)
    response = client.get(reverse("search"), {"q": q})
    assert response.status_code == 200
    html = response.content.decode()
    main = html.split('<main id="main"', 1)[1]
    sources = set(re.findall(r'data-source="([a-z]+)"', main))
    links = re.findall(r'<li class="mb-1"><a href="([^"]+)"', main)
    return main, sources, links


@pytest.fixture
def ledger(db):
    return {
        "by_name": factories.make_project(name="神仙居康养小镇"),
        "by_investor": factories.make_project(name="电子元件厂", investor_name="浙江康养投资有限公司"),
        "by_code": factories.make_project(name="新材料项目", investor_credit_code=CREDIT_CODE),
    }


def test_the_header_carries_a_labelled_search_box_for_signed_in_users(client, staff):
    client.force_login(staff)
    html = client.get("/").content.decode()
    assert 'role="search"' in html and 'for="site-search"' in html and 'id="site-search"' in html


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(reverse("search"), {"q": "康养"})
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_staff_find_projects_by_name_investor_and_credit_code(client, staff, ledger):
    main, sources, links = results(client, staff, "康养")
    assert "神仙居康养小镇" in main and "电子元件厂" in main and "新材料项目" not in main
    main, _s, _l = results(client, staff, CREDIT_CODE.lower())
    assert "新材料项目" in main and "神仙居康养小镇" not in main
    assert "投资中" not in main and "lead" not in re.sub(r"<[^>]+>", "", main)  # states in words
    for link in links:
        assert client.get(link).status_code == 200


def test_leaders_find_projects_too(client, leader, ledger):
    main, sources, links = results(client, leader, "康养")
    assert sources == {"projects"} and len(links) == 2


@pytest.mark.parametrize(
    "role,unit", [("department_reviewer", "fagai"), ("finance", "caizheng"), ("expert", "experts")]
)
def test_those_who_may_not_read_the_ledger_find_no_project(client, role, unit, ledger):
    user = factories.make_user(role, unit)
    main, sources, links = results(client, user, "康养")
    assert "projects" not in sources and "神仙居康养小镇" not in main
    assert 'id="no-results"' in main


def test_staff_find_a_referral_by_its_tracking_code_however_it_is_typed(client, staff, db):
    referral = factories.make_confirmed_referral(
        factories.make_project(), status=ReferralStatus.SUBMITTED, company_name="台州某医疗器械公司"
    )
    typed = format_tracking_code(referral.tracking_code).lower()
    main, sources, links = results(client, staff, typed)
    assert sources == {"referrals"} and "台州某医疗器械公司" in main
    assert client.get(links[0]).status_code == 200
    assert "等待分诊" in main or str(ReferralStatus.SUBMITTED.label) in main


def test_a_reviewer_cannot_find_a_referral_of_another_host(client, reviewer, db):
    referral = factories.make_confirmed_referral(factories.make_project(), company_name="台州某医疗器械公司")
    main, sources, _links = results(client, reviewer, referral.tracking_code)
    assert "referrals" not in sources and "台州某医疗器械公司" not in main


def test_rounds_by_minutes_number_reviewers_only_theirs(client, staff, open_round, signers):  # noqa: F811
    sign_all(open_round, signers)
    number = ReviewMinutes.objects.get(round=open_round).number
    other = factories.make_project(state="pre_review", name="别人的预审项目")
    from reviews.services import review_round_open

    # The 8 fixed departments only: the convener leaves the platform out, with a reason.
    review_round_open(project=other, by=staff, platform_left_out_reason="平台已出具书面意见")

    main, sources, links = results(client, staff, number)
    assert sources == {"reviews"} and len(links) == 1
    assert client.get(links[0]).status_code == 200

    platform = signers["kaifaqu"]
    main, sources, links = results(client, platform, "预审项目")
    assert "别人的预审项目" not in main
    main, sources, links = results(client, platform, open_round.project.name)
    assert sources == {"reviews"} and len(links) == 1
    assert client.get(links[0], follow=True).status_code == 200


def test_a_one_letter_query_asks_for_more(client, staff, ledger):
    main, sources, _links = results(client, staff, "康")
    assert not sources and "至少" in main or "at least" in main


def test_search_reads_a_fixed_number_of_queries(client, staff, ledger, django_assert_max_num_queries):
    client.force_login(staff)
    client.get(reverse("search"), {"q": "康养"})
    for i in range(30):
        factories.make_project(name=f"康养项目{i}")
    with django_assert_max_num_queries(12):
        response = client.get(reverse("search"), {"q": "康养"})
    assert "康养项目29" in response.content.decode()
