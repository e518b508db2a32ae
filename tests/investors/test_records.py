"""One company, one record (客商库): across projects and referrals, by credit code else normalised name."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from investors import selectors, services
from investors.models import Investor, ProjectInvestor
from referrals.services import referral_submit
from tests import factories
from tests.referrals.conftest import referral_data

pytestmark = pytest.mark.django_db


def valid_code(first17="91331024MA2H3C4D5"):
    from projects.credit_code import check_char

    return first17 + check_char(first17)


def test_projects_of_one_company_share_one_record_by_normalised_name():
    a = factories.make_project(investor_name="杭州康联医疗器械有限公司")
    b = factories.make_project(investor_name="杭州康联医疗器械 股份有限公司")
    c = factories.make_project(investor_name="ＨＡＮＧＺＨＯＵ Kanglian Co., Ltd.")

    links = ProjectInvestor.objects.filter(project__in=[a, b])
    assert links.values("investor").distinct().count() == 1
    assert Investor.objects.filter(name_key="杭州康联医疗器械").count() == 1
    assert ProjectInvestor.objects.get(project=c).investor_id != links.first().investor_id


def test_a_credit_code_joins_projects_whose_names_differ():
    code = valid_code()
    a = factories.make_project(investor_name="仙居绿源农业开发有限公司", investor_credit_code=code)
    b = factories.make_project(investor_name="绿源农业（仙居）", investor_credit_code=code.lower())

    assert (
        ProjectInvestor.objects.get(project=a).investor_id
        == ProjectInvestor.objects.get(project=b).investor_id
    )
    record = ProjectInvestor.objects.get(project=a).investor
    assert record.credit_code == code
    assert set(selectors.investor_projects(record)) == {a, b}


def test_the_record_shows_the_companys_referrals_and_projects(client):
    staff = factories.make_user("promotion_staff")
    project = factories.make_project(name="医用导管项目", investor_name="杭州康联医疗器械有限公司")
    referral = referral_submit(data=referral_data(company_name="杭州康联医疗器械股份有限公司"))
    assert not referral.is_first  # the ledger knew the company already: the same key
    record = ProjectInvestor.objects.get(project=project).investor
    client.force_login(staff)

    page = client.get(reverse("investors:detail", args=[record.pk])).content.decode()

    assert "医用导管项目" in page
    assert "收到引荐" in page


def test_a_second_record_of_the_same_company_is_refused_in_chinese():
    staff = factories.make_user("promotion_staff")
    factories.make_project(investor_name="宁波恒拓汽车部件有限公司")

    with pytest.raises(ValidationError) as exc:
        services.investor_save(
            by=staff, investor=Investor(), data={"name": "宁波恒拓汽车部件 有限公司", "kind": "company"}
        )

    assert "已有客商档案" in exc.value.message_dict["name"][0]


def test_the_one_normalisation_serves_referrals_and_the_ledger():
    """Referrals' first-report check and the investor records read the same key function."""
    from projects import company
    from referrals.services import submission

    assert submission.in_ledger_q is company.in_ledger_q
    assert not hasattr(services, "normalise_company_name")


def test_a_persons_identifiers_are_stored_encrypted_and_shown_masked(client):
    staff = factories.make_user("promotion_staff")
    leader = factories.make_user("leader", "leading-group")
    person = services.investor_save(
        by=staff,
        investor=Investor(kind="person"),
        data={"name": "王建国", "id_number": "331024197203150018", "mobile": "13916881234"},
    )
    person.refresh_from_db()
    assert "331024197203150018" not in person.id_number_encrypted
    client.force_login(leader)

    page = client.get(reverse("investors:detail", args=[person.pk])).content.decode()

    assert "0018" in page
    assert "331024197203150018" not in page
    assert "13916881234" not in page
