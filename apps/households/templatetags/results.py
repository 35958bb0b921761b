"""Money and dates on the results page, in the engine's own formats (so reasons and figures match)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from apps.benefits.engine import text
from apps.households.results import last_day

register = template.Library()


@register.filter
def money(amount: Decimal | None) -> str:
    return "" if amount is None else text.fmt_money(amount)


@register.filter
def longdate(day: date | None, lang: str) -> str:
    return "" if day is None else text.fmt_date(day, lang)


@register.filter
def lastday(end: date | None, lang: str) -> str:
    day = last_day(end)
    return "" if day is None else text.fmt_date(day, lang)
