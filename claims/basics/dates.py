"""Dates of day, month or year precision, as claims give them: '2025-01-03', '2025-01', '2025'.

Stored as written; `date_key` gives the first day a partial date covers, for sorting
and windows, and `end_of` the last, for inclusive filters.
"""

import datetime
import functools
import re

DATE_SHAPE = re.compile(r"^\d{4}(?:-\d{2}(?:-\d{2})?)?$")


def parse_date(text: str | None, field: str = "date") -> str | None:
    """Check a date of day, month or year precision: '2025-01-03', '2025-01', '2025'."""
    if text is None or str(text).strip() == "":
        return None
    return check_date(str(text).strip(), field)


@functools.lru_cache(maxsize=8192)
def check_date(text: str, field: str) -> str:
    """A stripped date text, checked against its shape and the calendar (cached: dates repeat)."""
    try:
        if not DATE_SHAPE.match(text):
            raise ValueError
        datetime.date.fromisoformat(date_key(text))
    except ValueError:
        raise ValueError(f"bad {field} {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY") from None
    return text


def date_key(text: str | None) -> str | None:
    """The first day a partial date covers, for sorting and windows."""
    if not text or len(text) == 10:
        return text or None
    return text + "-01" if len(text) == 7 else text + "-01-01"


def end_of(partial: str) -> str:
    """The last day a partial date covers, for inclusive --until."""
    return {10: partial, 7: partial + "-31", 4: partial + "-12-31"}[len(partial)]


def now() -> str:
    """The current time in UTC, to the second, as stored everywhere."""
    return datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
