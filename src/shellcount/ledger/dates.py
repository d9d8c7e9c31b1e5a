"""Dates as claims files write them: a day (``2024-02-27``) or a whole month (``2023-09``).

A month stands for its first day when it starts a period (``since``) and for its last day
when it ends one (``as_of``); the reading assumed is kept so output can say so.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from shellcount.errors import ShellcountError
from shellcount.record import record

# Public so the JSON Schema (schema.py) checks dates by the same shapes.
DAY_PATTERN = r"(\d{4})-(\d{2})-(\d{2})"
MONTH_PATTERN = r"(\d{4})-(\d{2})"
# ASCII: Python's '\d' is any script's digit, which int() reads too, so '٢٠٢٤-٠٢' would pass
# for 2024-02 while looking like nothing a reader of the file can check. (JSON Schema's
# '\d' is ASCII already.)
_DAY = re.compile(DAY_PATTERN, re.ASCII)
_MONTH = re.compile(MONTH_PATTERN, re.ASCII)


class DateError(ShellcountError):
    """A date that is not ``YYYY-MM-DD`` or ``YYYY-MM``, or not in the calendar."""


@record
class ReportedDate:
    """A date as written, with the first and last day it may stand for."""

    text: str
    first_day: dt.date
    last_day: dt.date

    @property
    def is_month(self) -> bool:
        return self.first_day != self.last_day


def parse_date(value: object) -> ReportedDate:
    """``2024-02-27`` or ``2024-02`` (a YAML date object is accepted too)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return ReportedDate(value.isoformat(), value, value)
    if not isinstance(value, str):
        raise DateError(f"expected a date YYYY-MM-DD or YYYY-MM, not {value!r}")
    text = value.strip()
    foreign = next((c for c in text if c.isdigit() and not c.isascii()), None)
    if foreign is not None:
        import unicodedata

        raise DateError(
            f"{text!r} is not a date: {foreign!r} ({unicodedata.name(foreign, 'a digit')}) "
            "is not one of the digits 0-9; write dates with them, YYYY-MM-DD or YYYY-MM"
        )
    try:
        if day := _DAY.fullmatch(text):
            date = dt.date(int(day[1]), int(day[2]), int(day[3]))
            return ReportedDate(text, date, date)
        if month := _MONTH.fullmatch(text):
            year, number = int(month[1]), int(month[2])
            last = calendar.monthrange(year, number)[1]
            return ReportedDate(text, dt.date(year, number, 1), dt.date(year, number, last))
    except ValueError:
        raise DateError(f"{text!r} is not a date in the calendar") from None
    raise DateError(f"expected a date YYYY-MM-DD or YYYY-MM, not {text!r}")
