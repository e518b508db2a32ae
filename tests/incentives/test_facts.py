"""Facts entered and verified by two people; bad figures get a Chinese message and nothing is saved."""

import io
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from incentives import excel, services
from incentives.crypto import decrypt
from incentives.enums import Reward
from incentives.models import Beneficiary, RetainedTax, VerifiedFigures
from tests import factories


def pdf():
    return SimpleUploadedFile("验收报告.pdf", b"%PDF-1.4 figures", content_type="application/pdf")


def test_figures_need_a_second_person_to_verify(staff, staff2):
    project = factories.make_project()
    figures = services.figures_enter(
        project=project,
        fixed_asset_investment="80000000",
        equipment_investment="3000000",
        land_area="20",
        document=pdf(),
        by=staff,
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        services.figures_verify(figures=figures, by=staff)
    assert "另一" in err.value.messages[0] or "第二" in err.value.messages[0]
    services.figures_verify(figures=figures, by=staff2)
    assert VerifiedFigures.objects.get(project=project).is_verified


@pytest.mark.parametrize(
    "amount, expected",
    [("-1", "大于零"), ("abc", "不是数字"), ("1e20", "过大"), ("12.345", "两位小数"), ("NaN", "不是数字")],
)
def test_bad_tax_figures_get_a_chinese_message_and_save_nothing(staff, amount, expected):
    project = factories.make_project()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        services.tax_enter(project=project, year=2025, amount=amount, by=staff)
    assert expected in err.value.messages[0]
    assert not RetainedTax.objects.exists()


def test_tax_year_out_of_range_is_refused(staff):
    project = factories.make_project()
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        services.tax_enter(project=project, year=1999, amount="10", by=staff)
    assert "1999" in err.value.messages[0]


def test_shares_not_summing_to_100_are_refused_and_nothing_changes(staff):
    project = factories.make_project()
    services.beneficiaries_set(
        project=project,
        reward=Reward.REFERRAL,
        by=staff,
        rows=[{"name": "甲", "kind": "individual", "share": 100}],
    )
    with translation.override("zh-hans"), pytest.raises(ValidationError) as err:
        services.beneficiaries_set(
            project=project,
            reward=Reward.REFERRAL,
            by=staff,
            rows=[
                {"name": "甲", "kind": "individual", "share": "60"},
                {"name": "乙", "kind": "individual", "share": "30"},
            ],
        )
    assert "100" in err.value.messages[0]
    assert list(Beneficiary.objects.filter(project=project).values_list("name", "share")) == [
        ("甲", D("100.00"))
    ]


def test_payee_identifiers_are_encrypted_at_rest(staff):
    project = factories.make_project()
    [b] = services.beneficiaries_set(
        project=project,
        reward=Reward.REFERRAL,
        by=staff,
        rows=[
            {
                "name": "张三",
                "kind": "individual",
                "share": 100,
                "identifier": "330000199001011234",
                "account": "6222020200001234567",
            }
        ],
    )
    stored = Beneficiary.objects.values_list("identifier_encrypted", "account_encrypted").get(pk=b.pk)
    assert "1234567" not in stored[1] and "19900101" not in stored[0]
    assert decrypt(stored[1]) == "6222020200001234567"
    assert b.account_masked.endswith("4567") and "0200" not in b.account_masked


def workbook(rows, header=("统一社会信用代码", "企业名称", "年度", "县级留存税收（元）")):
    book = Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    out.seek(0)
    return out


CODE_A, CODE_B = "91331024MA2K0LXX1B", "91330000MA2AAAAA0R"


def test_tax_import_matches_by_credit_code(staff):
    project = factories.make_project(investor_credit_code=CODE_A)
    result = excel.tax_import(workbook([(CODE_A, "甲公司", 2025, 1234567.5)]), by=staff)
    assert result.ok
    tax = RetainedTax.objects.get(project=project, year=2025)
    assert (tax.amount, tax.imported, tax.is_verified) == (D("1234567.50"), True, False)


def test_tax_import_lists_unmatched_and_ambiguous_rows_and_saves_nothing(staff):
    factories.make_project(investor_credit_code=CODE_A)
    factories.make_project(investor_credit_code=CODE_B)
    factories.make_project(investor_credit_code=CODE_B)
    with translation.override("zh-hans"):
        result = excel.tax_import(
            workbook(
                [
                    (CODE_A, "", 2025, 100),
                    ("91110000000000000X", "", 2025, 1),
                    (CODE_B, "", 2025, 5),
                    (CODE_A, "", 2024, -3),
                ]
            ),
            by=staff,
        )
    assert not result.ok
    assert [e.line for e in result.errors] == [3, 4, 5]
    assert not RetainedTax.objects.exists()


def test_tax_import_that_hits_a_verified_year_saves_none_of_its_rows(staff, staff2):
    project = factories.make_project(investor_credit_code=CODE_A)
    verified = services.tax_verify(
        tax=services.tax_enter(project=project, year=2024, amount="5000000", by=staff), by=staff2
    )
    with translation.override("zh-hans"):
        result = excel.tax_import(workbook([(CODE_A, "", 2023, 100), (CODE_A, "", 2024, 999)]), by=staff)
    assert not result.ok
    [error] = result.errors
    assert error.line == 3 and "已核验" in str(error.message)
    # the valid 2023 row before it was rolled back with it: nothing half-imported
    assert list(RetainedTax.objects.values_list("year", "amount")) == [(2024, verified.amount)]


def test_verified_facts_cannot_be_edited_in_the_admin(client, staff, staff2):
    from django.urls import reverse

    from org.models import User

    project = factories.make_project(investor_credit_code=CODE_A)
    tax = services.tax_verify(
        tax=services.tax_enter(project=project, year=2024, amount="5000000", by=staff), by=staff2
    )
    client.force_login(User.objects.create_superuser("root-admin", password="x-Xianju-Admin-1"))
    url = reverse("admin:incentives_retainedtax_change", args=[tax.pk])
    assert client.get(url).status_code == 200  # visible, read-only
    response = client.post(url, {"project": project.pk, "year": 2024, "amount": "1", "state": "verified"})
    assert response.status_code == 403
    tax.refresh_from_db()
    assert tax.amount == D("5000000.00")
