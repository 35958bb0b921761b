from django import template

from apps.applications.selectors import cash_entitlements, evaluation_cash_total
from apps.benefits.engine import Evaluation

register = template.Library()


@register.simple_tag
def apply_offer(evaluation: Evaluation | None) -> dict[str, object]:
    """What the results page offers to apply for: the eligible cash entitlements and their sum."""
    if evaluation is None:
        return {"entitlements": [], "total": 0}
    return {
        "entitlements": cash_entitlements(evaluation=evaluation),
        "total": evaluation_cash_total(evaluation=evaluation),
    }
