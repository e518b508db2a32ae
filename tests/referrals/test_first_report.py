"""首报: the first valid report of a company wins; later ones are kept as duplicates."""

import pytest
from django.core.exceptions import ValidationError

from referrals.enums import ReferralStatus
from referrals.models import Referral
from referrals.services import referral_submit
from tests import factories

from .conftest import credit_code, referral_data

pytestmark = pytest.mark.django_db


def submit(**fields):
    return referral_submit(data=referral_data(**fields))


def test_first_report_of_a_company_is_first():
    referral = submit(company_name="宁波恒拓汽车部件有限公司")
    assert referral.is_first
    assert referral.status == ReferralStatus.SUBMITTED


@pytest.mark.parametrize(
    "variant",
    [
        "宁波恒拓汽车部件有限公司",
        " 宁波 恒拓 汽车部件 有限公司 ",
        "宁波恒拓汽车部件",
        "宁波恒拓汽车部件股份有限公司",
        "宁波恒拓汽车部件集团有限公司",
        "宁波恒拓汽车部件（有限公司）",
        "ＡＢ宁波恒拓汽车部件有限公司".replace("ＡＢ", ""),
    ],
)
def test_name_variants_of_a_reported_company_are_duplicates(variant):
    submit(company_name="宁波恒拓汽车部件有限公司")
    later = submit(company_name=variant)
    assert not later.is_first
    assert later.status == ReferralStatus.DUPLICATE


def test_full_width_and_case_variants_of_a_latin_name_are_duplicates():
    submit(company_name="ACME Medical Co., Ltd.")
    assert not submit(company_name="ＡＣＭＥ　ｍｅｄｉｃａｌ").is_first
    assert not submit(company_name="acme-medical LIMITED").is_first


def test_a_different_company_is_first_too():
    submit(company_name="宁波恒拓汽车部件有限公司")
    assert submit(company_name="宁波恒远汽车部件有限公司").is_first


def test_same_credit_code_under_another_name_is_a_duplicate():
    code = credit_code()
    submit(company_name="上海华鼎药业股份有限公司", company_credit_code=code)
    later = submit(company_name="华鼎药业（上海）", company_credit_code=code.lower())
    assert not later.is_first


def test_a_company_already_in_the_ledger_is_a_duplicate():
    factories.make_project(investor_name="杭州康联医疗器械有限公司")
    assert not submit(company_name="杭州康联医疗器械").is_first


def test_a_credit_code_already_in_the_ledger_is_a_duplicate():
    code = credit_code()
    factories.make_project(investor_name="某某控股有限公司", investor_credit_code=code)
    assert not submit(company_name="完全不同的名字有限公司", company_credit_code=code).is_first


def test_the_rules_hold_over_a_run_of_reports_by_name_and_by_code():
    """Name and credit code each decide alone; a blank code never matches another blank one."""
    code = credit_code()
    factories.make_project(investor_name="温州瓯海精密机械有限公司", investor_credit_code=credit_code())
    for i in range(8):
        assert submit(company_name=f"丽水新能源科技{i}号有限公司").is_first
    assert submit(company_name="金华永康五金有限公司", company_credit_code=code).is_first
    assert not submit(company_name="永康五金（金华）", company_credit_code=code).is_first
    assert not submit(company_name="温州瓯海精密机械").is_first
    assert submit(company_name="衢州江山木业有限公司").is_first  # no code: blank codes never match
    assert submit(company_name="湖州安吉竹业有限公司").is_first


def test_a_rejected_first_report_lets_a_later_report_be_first(staff):
    from referrals.services import referral_reject

    first = submit(company_name="台州云峰新材料有限公司")
    referral_reject(referral=first, by=staff, reason="企业无投资意向")
    assert submit(company_name="台州云峰新材料有限公司").is_first


def test_a_wrong_check_digit_is_refused_and_nothing_is_saved():
    code = credit_code()
    wrong = code[:17] + ("0" if code[17] != "0" else "1")
    with pytest.raises(ValidationError) as info:
        submit(company_credit_code=wrong)
    assert "company_credit_code" in info.value.message_dict
    assert Referral.objects.count() == 0


def test_a_name_of_only_punctuation_is_refused():
    with pytest.raises(ValidationError) as info:
        submit(company_name="！！！")
    assert "company_name" in info.value.message_dict


def test_missing_declarations_and_consent_are_refused():
    with pytest.raises(ValidationError) as info:
        submit(declared_not_official=False, declared_not_investor=False, privacy_consent=False)
    errors = set(info.value.message_dict)
    assert {"declared_not_official", "declared_not_investor", "privacy_consent"} <= errors
    assert Referral.objects.count() == 0


def test_tracking_codes_are_long_and_distinct():
    codes = {submit().tracking_code for _ in range(20)}
    assert len(codes) == 20
    assert all(len(c) == 16 for c in codes)


def test_a_negative_investment_is_refused_by_the_service_itself():
    with pytest.raises(ValidationError) as info:
        submit(intended_investment=-1)
    assert "intended_investment" in info.value.message_dict


def test_a_first_report_the_look_up_missed_is_stored_as_a_duplicate_by_the_constraint(monkeypatch):
    """What a same-instant twin meets (tests/referrals/test_race.py), in one thread and on any database."""
    from referrals.services import submission

    first = submit(company_name="丽水云和木玩有限公司")
    monkeypatch.setattr(submission, "company_known", lambda **kwargs: False)
    twin = submit(company_name="丽水云和木玩")
    assert first.is_first and not twin.is_first
    assert twin.status == ReferralStatus.DUPLICATE
    assert Referral.objects.filter(company_name_key=first.company_name_key).count() == 2
    from audit.models import AuditEntry

    submitted = AuditEntry.objects.filter(action="referral.submitted", object_id=twin.pk)
    assert submitted.get().data == {"is_first": False, "company_name_key": twin.company_name_key}
