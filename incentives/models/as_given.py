"""Columns of the daily job's insert mappings (`NewInstallment`, `NewBeneficiary`).

The job hands each value over in the column's own Python type (an int, a str, a date, a Decimal the
calculator rounded to the fen), which the database driver adapts by itself; so these columns skip
Django's conversion of each value (a Decimal copied and checked finite, an int cast again...):
preparing an installment row fell from ~44 to ~11 µs, ~20 CPU-seconds over the ~710,000 rows of a
first run at 100,000 projects (docs/performance.md, rewards, session 6). Only the job's mappings
use them; every other write goes through the ordinary fields of `Installment` and `Beneficiary`.
"""

from django.db import models


class _AsGiven:
    def get_db_prep_save(self, value, connection):
        return value


class Id(_AsGiven, models.BigIntegerField):
    pass


class Number(_AsGiven, models.SmallIntegerField):
    pass


class Text(_AsGiven, models.CharField):
    pass


class LongText(_AsGiven, models.TextField):
    pass


class Date(_AsGiven, models.DateField):
    pass


class Amount(_AsGiven, models.DecimalField):
    pass


def money(**kwargs):
    return Amount(max_digits=16, decimal_places=2, **kwargs)
