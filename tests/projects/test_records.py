"""The project record: credit codes, and the database constraints behind the rules."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from projects.credit_code import check_char, is_valid_credit_code, validate_credit_code
from projects.models import Project
from tests import factories

# First 17 characters of codes shaped like real ones (registration authority, kind, region, org code).
BODIES = ["91331024MA2K7H3Q5", "91330100716105852", "12331024002513370", "92331024MA28GX0Y1"]


@pytest.mark.parametrize("body", BODIES)
def test_a_code_with_its_computed_check_character_is_valid(body):
    code = body + check_char(body)
    assert is_valid_credit_code(code)
    validate_credit_code(code.lower())  # entered in lower case, still accepted


@pytest.mark.parametrize("body", BODIES)
def test_any_other_check_character_is_refused(body):
    right = check_char(body)
    wrong = next(c for c in "0123456789ABCDEFGHJKLMNPQRTUWXY" if c != right)
    with pytest.raises(ValidationError) as err:
        validate_credit_code(body + wrong)
    assert err.value.code == "check_digit"


@pytest.mark.parametrize(
    ("code", "reason"),
    [
        ("91331024MA2K7H3Q", "length"),
        ("91331024MA2K7H3Q5XX", "length"),
        ("91331024MA2K7H3O5X", "alphabet"),  # the letter O is never used
        ("91331024MA2K7H3I5X", "alphabet"),
    ],
)
def test_codes_of_the_wrong_shape_are_refused_with_the_reason(code, reason):
    with pytest.raises(ValidationError) as err:
        validate_credit_code(code)
    assert err.value.code == reason


@pytest.mark.django_db
def test_the_record_normalises_a_lower_case_code():
    body = BODIES[0]
    project = factories.make_project(investor_credit_code=(body + check_char(body)).lower())
    project.refresh_from_db()
    assert project.investor_credit_code == body + check_char(body)


def _violates(**changes):
    project = factories.make_project()
    with pytest.raises(IntegrityError), transaction.atomic():
        Project.objects.filter(pk=project.pk).update(**changes)
    project.refresh_from_db()
    return project


@pytest.mark.django_db
@pytest.mark.parametrize(
    "changes",
    [
        {"total_investment": Decimal("-1")},
        {"funds_received": Decimal("-0.01")},
        {"land_area": Decimal("-5")},
        {"contracted_investment": Decimal("-100")},
        {"fixed_asset_investment": Decimal("100000000.01")},  # above the total of 1亿
        {"equipment_investment": Decimal("80000000.01")},  # above the fixed-asset investment
        {"planned_start_date": dt.date(2026, 6, 1), "planned_completion_date": dt.date(2026, 5, 31)},
        {"contract_date": dt.date(2026, 6, 1), "actual_start_date": dt.date(2026, 5, 31)},
        {"actual_completion_date": dt.date(2027, 6, 1), "actual_production_date": dt.date(2027, 5, 1)},
        {"actual_production_date": dt.date(2027, 6, 1), "actual_capacity_date": dt.date(2027, 5, 1)},
    ],
    ids=lambda c: "+".join(c),
)
def test_the_database_refuses_impossible_records(changes):
    project = _violates(**changes)
    assert project.total_investment == Decimal("100000000.00")


@pytest.mark.django_db
def test_dates_on_the_same_day_and_unknown_dates_are_fine():
    project = factories.make_project(
        planned_start_date=dt.date(2026, 6, 1), planned_completion_date=dt.date(2026, 6, 1)
    )
    Project.objects.filter(pk=project.pk).update(actual_start_date=dt.date(2026, 6, 1))
    project.refresh_from_db()
    assert project.actual_start_date == dt.date(2026, 6, 1)


@pytest.mark.django_db
def test_model_validation_puts_the_error_on_the_field():
    project = factories.make_project()
    project.fixed_asset_investment = Decimal("200000000")
    project.planned_start_date = dt.date(2026, 6, 1)
    project.planned_completion_date = dt.date(2026, 1, 1)
    with pytest.raises(ValidationError) as err:
        project.full_clean()
    errors = err.value.message_dict
    assert errors["fixed_asset_investment"] == ["固定资产投资不能超过总投资。"]
    assert errors["planned_completion_date"] == ["此日期不能早于计划开工日期。"]
