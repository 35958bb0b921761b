"""Money and dates on the results page, in the engine's own formats (so reasons and figures match)."""

from __future__ import annotations

from datetime import date

from django import template

from apps.households.results import fmt_date, fmt_money, last_day

register = template.Library()
register.filter("money", fmt_money)
register.filter("longdate", fmt_date)


@register.filter
def lastday(end: date | None, lang: str) -> str:
    return fmt_date(last_day(end), lang)
