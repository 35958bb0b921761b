"""Calendar arithmetic for ages and payment periods."""

from __future__ import annotations

from datetime import date, timedelta


def add_months(day: date, months: int) -> date:
    """The same day `months` later; a day the month lacks moves to the 1st of the next month.

    A child born on 31 January is a month old on 1 March rather than on 28 February: 周岁 and
    month ages are reached on the day after the last full period.
    """
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    try:
        return day.replace(year=year, month=month + 1)
    except ValueError:
        return date(year + (month + 1) // 12, (month + 1) % 12 + 1, 1)


def add_years(day: date, years: int) -> date:
    """The same day `years` later; 29 February moves to 1 March in a common year."""
    if day.month == 2 and day.day == 29:
        return add_months(day, 12 * years)
    return date(day.year + years, day.month, day.day)


def month_start(day: date) -> date:
    return date(day.year, day.month, 1)


def months_between(earlier: date, later: date) -> int:
    """Whole calendar months from `earlier`'s month to `later`'s month."""
    return (later.year - earlier.year) * 12 + later.month - earlier.month


def next_month(day: date) -> date:
    return add_months(month_start(day), 1)


def plus_days(day: date, days: int) -> date:
    return day + timedelta(days=days)
