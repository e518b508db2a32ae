"""Board periods: a month, a quarter or a year, written as "2026-03", "2026-Q1" or "2026"."""

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .enums import PeriodKind

_MONTHS = {PeriodKind.MONTH: 1, PeriodKind.QUARTER: 3, PeriodKind.YEAR: 12}


def _add_months(day, months):
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class Period:
    kind: str
    start: dt.date

    @property
    def end(self):
        """The last day of the period (inclusive)."""
        return _add_months(self.start, _MONTHS[self.kind]) - dt.timedelta(days=1)

    @property
    def key(self):
        if self.kind == PeriodKind.MONTH:
            return f"{self.start:%Y-%m}"
        if self.kind == PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        return str(self.start.year)

    @property
    def label(self):
        if self.kind == PeriodKind.MONTH:
            return _("%(year)s-%(month)02d") % {"year": self.start.year, "month": self.start.month}
        if self.kind == PeriodKind.QUARTER:
            return _("Q%(q)s %(year)s") % {"q": (self.start.month - 1) // 3 + 1, "year": self.start.year}
        return _("Year %(year)s") % {"year": self.start.year}

    def previous(self):
        return Period(self.kind, _add_months(self.start, -_MONTHS[self.kind]))

    def next(self):
        return Period(self.kind, _add_months(self.start, _MONTHS[self.kind]))

    def contains(self, day):
        return self.start <= day <= self.end

    @classmethod
    def containing(cls, kind, day):
        step = _MONTHS[kind]
        month = (day.month - 1) // step * step + 1
        return cls(kind, dt.date(day.year, month, 1))

    @classmethod
    def parse(cls, text):
        """A period from its key; raises ValidationError (in Chinese) on anything else."""
        text = (text or "").strip().upper()
        if m := re.fullmatch(r"(\d{4})-(\d{1,2})", text):
            year, month = int(m[1]), int(m[2])
            if 1 <= month <= 12 and 2000 <= year <= 2100:
                return cls(PeriodKind.MONTH, dt.date(year, month, 1))
        if m := re.fullmatch(r"(\d{4})-Q([1-4])", text):
            if 2000 <= int(m[1]) <= 2100:
                return cls(PeriodKind.QUARTER, dt.date(int(m[1]), (int(m[2]) - 1) * 3 + 1, 1))
        if m := re.fullmatch(r"(\d{4})", text):
            if 2000 <= int(m[1]) <= 2100:
                return cls(PeriodKind.YEAR, dt.date(int(m[1]), 1, 1))
        raise ValidationError(
            _("“%(text)s” is not a period: write a month (2026-03), a quarter (2026-Q1) or a year (2026).")
            % {"text": text},
            code="period",
        )
