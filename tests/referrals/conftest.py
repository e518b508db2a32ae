import itertools

import pytest

from projects.credit_code import check_char

_seq = itertools.count(1)


def credit_code(body17=None):
    """A valid unified social credit code; distinct per call unless `body17` is given."""
    body = body17 or f"91331024{next(_seq):09d}"
    return body + check_char(body)


def referral_data(**overrides):
    data = {
        "referrer_kind": "individual",
        "referrer_name": "王小明",
        "referrer_mobile": "13812345678",
        "referrer_email": "",
        "referrer_organisation": "",
        "declared_not_official": True,
        "declared_not_investor": True,
        "privacy_consent": True,
        "company_name": f"杭州测试科技有限公司{next(_seq)}",
        "company_credit_code": "",
        "industry": "medical_devices",
        "intended_investment": None,
        "description": "计划在仙居投资建设生产基地。",
        "company_contact": "",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def _uploads_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
