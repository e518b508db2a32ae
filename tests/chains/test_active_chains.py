"""The active chains' codes, kept by chains for every public report: a chain added, given a new
code or deactivated is seen by the very next report, though the codes are cached."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from referrals.services import referral_submit
from tests import factories
from tests.referrals.conftest import referral_data

pytestmark = pytest.mark.django_db
URL = "/api/public/referrals/"


def report(code):
    return referral_submit(data=referral_data(industry=code))


def refused(code):
    with pytest.raises(ValidationError) as refusal:
        report(code)
    return refusal.value.message_dict


def test_a_new_chain_may_be_named_by_the_next_report():
    assert "industry" in refused("new_energy_test")  # the codes are cached from here on
    factories.make_chain(code="new_energy_test", name="新能源（测试）")
    assert report("new_energy_test").industry.name == "新能源（测试）"


def test_a_deactivated_chain_is_refused_at_once_with_a_chinese_error_by_field():
    chain = factories.make_chain(code="paused_test")
    report("paused_test")
    chain.is_active = False
    chain.save()
    response = APIClient().post(URL, referral_data(industry="paused_test"), format="json")
    assert response.status_code == 400
    assert response.json() == {"industry": ["选择一个有效的选项： 该选择不在可用的选项中。"]}


def test_a_chain_given_a_new_code_is_named_by_it_and_no_longer_by_the_old_one():
    chain = factories.make_chain(code="old_code_test")
    report("old_code_test")
    chain.referrals.all().delete()  # its reports hold the old code
    chain.code = "new_code_test"
    chain.save()
    assert "industry" in refused("old_code_test")
    assert report("new_code_test").industry_id == "new_code_test"


def test_a_report_of_another_industry_names_no_chain():
    assert report("").industry_id is None
    assert report(None).industry_id is None
