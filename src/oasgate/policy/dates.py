"""Dates and durations as lifecycle policy reads them.

Lifecycle dates are compared by calendar day: an ISO 8601 date (``2026-01-10``) or
date-time (``2026-01-10T12:00:00Z``) counts as the calendar date it is written with.
A reduced-precision ``YYYY-MM`` is accepted for release dates (the seed's status table
shows months) and counts as the first of that month. Durations are written the way
policies are ("6 months", "12 months", "180 days", "1 year") or as ISO 8601 (``P6M``);
months are calendar months (31 August + 6 months = the last day of February).
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from msgspec import Struct

_DATE = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?$"
)
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")
_DURATION_WORDS = re.compile(r"^\s*(\d+)\s*(day|week|month|year)s?\s*$", re.IGNORECASE)
_DURATION_ISO = re.compile(r"^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?$", re.IGNORECASE)


class DateError(ValueError):
    """A value that should be a date or a duration is not one."""


class LifecycleDate(Struct, frozen=True):
    """A date as written in a spec: the day it means, and whether only a month was given."""

    day: dt.date
    month_only: bool = False

    def iso(self) -> str:
        return self.day.strftime("%Y-%m") if self.month_only else self.day.isoformat()

    def human(self) -> str:
        """How the status table shows it: ``November 2023`` or ``2023-11-15``."""
        if self.month_only:
            import calendar

            return f"{calendar.month_name[self.day.month]} {self.day.year}"
        return self.day.isoformat()


def parse_day(value: Any, *, allow_month: bool = False) -> LifecycleDate:
    """Parse an ISO 8601 date or date-time (or ``YYYY-MM`` when allowed)."""
    if isinstance(value, dt.datetime):
        return LifecycleDate(value.date())
    if isinstance(value, dt.date):
        return LifecycleDate(value)
    if not isinstance(value, str):
        raise DateError(f"{value!r} is not a date")
    text = value.strip()
    match = _DATE.match(text)
    try:
        if match:
            return LifecycleDate(dt.date(int(match[1]), int(match[2]), int(match[3])))
        month = _MONTH.match(text)
        if month and allow_month:
            return LifecycleDate(dt.date(int(month[1]), int(month[2]), 1), month_only=True)
    except ValueError:
        pass  # e.g. 2026-02-30: the pattern matched but there is no such day
    expected = "YYYY-MM-DD, a date-time, or YYYY-MM" if allow_month else "YYYY-MM-DD or a date-time"
    raise DateError(f"{_shown(text)} is not an ISO 8601 date (write it as {expected})")


def parse_today(value: str | dt.date | None) -> dt.date:
    """The date the run treats as today (``--today``), defaulting to the clock (UTC)."""
    if value is None:
        return dt.datetime.now(dt.timezone.utc).date()
    return parse_day(value).day


class Duration(Struct, frozen=True):
    """A policy period such as the deprecation window."""

    years: int = 0
    months: int = 0
    days: int = 0
    text: str = ""

    def after(self, day: dt.date) -> dt.date:
        """``day`` plus this duration (calendar months, clamped to the month's last day);
        a day past the calendar's end (9999-12-31) is that last day: never, in effect."""
        total_months = day.month - 1 + self.months + 12 * self.years
        year, month = day.year + total_months // 12, total_months % 12 + 1
        if year > dt.MAXYEAR:
            return dt.date.max
        import calendar

        last = calendar.monthrange(year, month)[1]
        try:
            return dt.date(year, month, min(day.day, last)) + dt.timedelta(days=self.days)
        except OverflowError:
            return dt.date.max

    def __str__(self) -> str:
        return self.text


def parse_duration(value: Any) -> Duration:
    """``"6 months"``, ``"12 months"``, ``"180 days"``, ``"1 year"``, ``"2 weeks"``, ``P6M``,
    or an integer number of days."""
    duration = _parse_duration(value)
    if duration.years * 366 + duration.months * 31 + duration.days > _LONGEST_DURATION_DAYS:
        raise DateError(f"{_shown(value)} is longer than {_LONGEST_DURATION_YEARS} years")
    return duration


#: Longer durations end after the calendar does (9999-12-31): refused as a mistake.
_LONGEST_DURATION_YEARS = 10_000
_LONGEST_DURATION_DAYS = 366 * _LONGEST_DURATION_YEARS
#: More digits than this is past any duration above (and int() of 4,300 digits fails).
_MOST_DIGITS = 12


def _shown(value: Any) -> str:
    text = repr(value) if isinstance(value, str) else f"'{value}'"
    return text if len(text) <= 40 else text[:37] + "…'"


def _amount(digits: str | None, value: Any) -> int:
    if digits is None:
        return 0
    if len(digits) > _MOST_DIGITS:
        raise DateError(f"{_shown(value)} is longer than {_LONGEST_DURATION_YEARS} years")
    return int(digits)


def _parse_duration(value: Any) -> Duration:
    if isinstance(value, bool):
        raise DateError(f"{value!r} is not a duration")
    if isinstance(value, int) and value >= 0:
        if value > _LONGEST_DURATION_DAYS:
            raise DateError(f"{_shown(value)} days is longer than {_LONGEST_DURATION_YEARS} years")
        return Duration(days=value, text=f"{value} days")
    if isinstance(value, str):
        words = _DURATION_WORDS.match(value)
        if words:
            amount, unit = _amount(words[1], value), words[2].lower()
            text = f"{amount} {unit}{'' if amount == 1 else 's'}"
            if unit == "day":
                return Duration(days=amount, text=text)
            if unit == "week":
                return Duration(days=7 * amount, text=text)
            if unit == "month":
                return Duration(months=amount, text=text)
            return Duration(years=amount, text=text)
        iso = _DURATION_ISO.match(value.strip())
        if iso and any(iso.groups()):
            years, months, weeks, days = (_amount(g, value) for g in iso.groups())
            return Duration(years, months, days + 7 * weeks, text=value.strip().upper())
    raise DateError(
        f"{value!r} is not a duration (write it like '6 months', '180 days', '1 year' or P6M)"
    )


_HTTP_DATE = re.compile(
    r"^\s*(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun),\s+(\d{1,2})\s+"
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)\s+(\d{4})\s+"
    r"\d{2}:\d{2}:\d{2}\s+GMT\s*$"
)
#: RFC 9110's month names (not ``calendar.month_abbr``: the locale's, and 0.4 ms to import)
_MONTH_NAMES = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_MONTHS = {name: index for index, name in enumerate(_MONTH_NAMES, 1)}


def parse_http_date(value: Any) -> dt.date:
    """The day of an HTTP-date (RFC 9110 IMF-fixdate), as the ``Sunset`` header carries."""
    if not isinstance(value, str):  # a header example written as a number
        raise DateError(
            f"{_shown(value)} is not an HTTP-date (like 'Sat, 01 Oct 2022 00:00:00 GMT')"
        )
    match = _HTTP_DATE.match(value)
    if not match:
        raise DateError(f"'{value}' is not an HTTP-date (like 'Sat, 01 Oct 2022 00:00:00 GMT')")
    try:
        return dt.date(int(match[3]), _MONTHS[match[2]], int(match[1]))
    except ValueError:
        raise DateError(f"'{value}' is not a valid HTTP-date") from None


def parse_deprecation_header(value: Any) -> dt.date:
    """The day of a ``Deprecation`` header value: RFC 9745's ``@<unix seconds>``, or the
    HTTP-date that earlier drafts (and many APIs, e.g. the second seed) use."""
    if isinstance(value, int) and not isinstance(value, bool):
        value = f"@{value}"
    if not isinstance(value, str):
        raise DateError(f"{value!r} is not a Deprecation header value")
    text = value.strip()
    if re.fullmatch(r"@-?\d+", text):
        try:
            return dt.datetime.fromtimestamp(int(text[1:]), tz=dt.timezone.utc).date()
        except (OverflowError, OSError, ValueError):  # past year 9999, or past the platform's
            raise DateError(f"{_shown(text)} is not a date the calendar holds") from None
    return parse_http_date(text)


def http_date(day: dt.date) -> str:
    """``Sat, 01 Oct 2022 00:00:00 GMT`` for a day (the value a Sunset header should carry)."""
    import calendar

    return (
        f"{calendar.day_abbr[day.weekday()]}, {day.day:02d} {calendar.month_abbr[day.month]} "
        f"{day.year} 00:00:00 GMT"
    )


def structured_date(day: dt.date) -> str:
    """``@1633046400`` for a day (RFC 9745's Deprecation header value)."""
    midnight = dt.datetime(day.year, day.month, day.day, tzinfo=dt.timezone.utc)
    return f"@{int(midnight.timestamp())}"
