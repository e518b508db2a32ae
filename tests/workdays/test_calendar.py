import datetime as dt

import pytest

from workdays.models import WorkdayAdjustment
from workdays.services import add_workdays, adjustments_changed, is_workday, workdays_between

pytestmark = pytest.mark.django_db
D = dt.date


def test_national_day_holiday_is_skipped_and_make_up_saturday_counts():
    # 2025: 1–8 October off; Sunday 28 Sept and Saturday 11 Oct are make-up workdays.
    assert is_workday(D(2025, 9, 28))
    assert not is_workday(D(2025, 10, 3))
    assert is_workday(D(2025, 10, 11))
    assert add_workdays(D(2025, 9, 29), 2) == D(2025, 10, 9)
    assert add_workdays(D(2025, 9, 26), 1) == D(2025, 9, 28)


def test_five_working_days_over_spring_festival_2026():
    # 2026 Spring Festival: 15–23 Feb off; Saturday 14 Feb is a make-up workday.
    assert add_workdays(D(2026, 2, 12), 5) == D(2026, 2, 26)


def test_local_adjustment_overrides_the_national_calendar():
    assert is_workday(D(2025, 6, 3))
    WorkdayAdjustment.objects.create(date=D(2025, 6, 3), is_workday=False, reason="县庆")
    adjustments_changed()
    assert not is_workday(D(2025, 6, 3))
    assert add_workdays(D(2025, 6, 2), 1) == D(2025, 6, 4)


def test_years_beyond_the_package_fall_back_to_weekdays():
    assert add_workdays(D(2030, 1, 4), 1) == D(2030, 1, 7)


def test_workdays_between_counts_both_ways():
    assert workdays_between(D(2025, 9, 26), D(2025, 10, 9)) == 4
    assert workdays_between(D(2025, 10, 9), D(2025, 9, 26)) == -4
