"""Reading an entitlement question (the API's request body) into the engine's facts.

Every problem is collected at once and named by its field, in the asker's language; nothing
here raises on bad input.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from apps.benefits.engine import Child, Family, Parent, Places

LANGS = ("zh-hans", "en")
MAX_CHILDREN = 20
EARLIEST_BIRTH = timedelta(days=366 * 30)
LATEST_EXPECTED = timedelta(days=310)
CODE = re.compile(r"^\d{6}$")

MESSAGES: dict[str, tuple[str, str]] = {
    "not_object": ("请求内容应为JSON对象", "the request body must be a JSON object"),
    "not_json": ("请求内容不是有效的JSON", "the request body is not valid JSON"),
    "required": ("必填", "required"),
    "code_format": ("应为6位行政区划代码", "must be a six-digit division code"),
    "code_unknown": ("未知的行政区划代码：{value}", "unknown division code: {value}"),
    "date_format": ("日期格式应为YYYY-MM-DD", "must be a date as YYYY-MM-DD"),
    "lang": ("应为zh-hans或en", "must be zh-hans or en"),
    "list": ("应为列表", "must be a list"),
    "object": ("应为对象", "must be an object"),
    "parents_count": ("应有一至两位父母", "one or two parents"),
    "children_count": ("最多{n}个孩子", "at most {n} children"),
    "role": ("应为mother或father", "must be mother or father"),
    "role_twice": ("父母角色重复", "this role is given twice"),
    "bool": ("应为true或false", "must be true or false"),
    "amount": ("应为0至100000之间的金额", "must be an amount between 0 and 100000"),
    "one_date": (
        "请只填写出生日期或预产期中的一个",
        "give either birth_date or expected_date, not both",
    ),
    "no_date": ("请填写出生日期或预产期", "give birth_date or expected_date"),
    "born_after": ("出生日期晚于查询日期", "the birth date is after as_of"),
    "born_too_early": ("出生日期过早，请检查", "the birth date is too far in the past"),
    "expected_before": (
        "预产期早于查询日期；已出生的孩子请填写出生日期",
        "the expected date is before as_of; give a birth_date for a child already born",
    ),
    "expected_too_late": (
        "预产期应在查询日期后10个月内",
        "the expected date must be within 10 months of as_of",
    ),
}


@dataclass(frozen=True)
class FieldError:
    field: str
    message: str


@dataclass(frozen=True)
class EntitlementQuery:
    family: Family
    jurisdiction: str
    as_of: date
    lang: str


class _Errors:
    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.items: list[FieldError] = []

    def add(self, field: str, key: str, **values: object) -> None:
        zh, en = MESSAGES[key]
        self.items.append(FieldError(field, (en if self.lang == "en" else zh).format(**values)))


def _lang(data: dict[str, Any]) -> str:
    value = data.get("lang")
    return value.lower() if isinstance(value, str) and value.lower() in LANGS else "zh-hans"


def _code(value: Any, field: str, places: Places, errors: _Errors, *, required: bool) -> str | None:
    if value is None or value == "":
        if required:
            errors.add(field, "required")
        return None
    if not isinstance(value, str) or not CODE.match(value):
        errors.add(field, "code_format")
        return None
    if value not in places:
        errors.add(field, "code_unknown", value=value)
        return None
    return value


def _date(value: Any, field: str, errors: _Errors) -> date | None:
    """An ISO date, YYYY-MM-DD exactly (Python also reads other ISO forms we do not promise)."""
    if value is None:
        return None
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    errors.add(field, "date_format")
    return None


def _bool(data: dict[str, Any], key: str, field: str, default: bool, errors: _Errors) -> bool:
    value = data.get(key, default)
    if value is None:
        return default
    if not isinstance(value, bool):
        errors.add(field, "bool")
        return default
    return value


def query_parse(
    data: Any, *, places: Places, today: date
) -> tuple[EntitlementQuery | None, list[FieldError]]:
    if not isinstance(data, dict):
        errors = _Errors("zh-hans")
        errors.add("body", "not_object")
        return None, errors.items
    errors = _Errors(_lang(data))
    if "lang" in data and data["lang"] is not None and _lang(data) != str(data["lang"]).lower():
        errors.add("lang", "lang")
    jurisdiction = _code(data.get("jurisdiction"), "jurisdiction", places, errors, required=True)
    as_of = _date(data.get("as_of"), "as_of", errors) if data.get("as_of") is not None else today
    parents = _parents(data.get("parents"), places, errors)
    children = _children(data.get("children", []), places, as_of, errors)
    if errors.items or jurisdiction is None or as_of is None:
        return None, errors.items
    family = Family(parents=tuple(parents), children=tuple(children))
    return EntitlementQuery(family, jurisdiction, as_of, errors.lang), []


def _parents(value: Any, places: Places, errors: _Errors) -> list[Parent]:
    if value is None:
        errors.add("parents", "required")
        return []
    if not isinstance(value, list):
        errors.add("parents", "list")
        return []
    if not 1 <= len(value) <= 2:
        errors.add("parents", "parents_count")
    parents: list[Parent] = []
    seen: set[str] = set()
    for i, item in enumerate(value[:2]):
        field = f"parents[{i}]"
        if not isinstance(item, dict):
            errors.add(field, "object")
            continue
        role = item.get("role")
        if role not in ("mother", "father"):
            errors.add(f"{field}.role", "required" if role is None else "role")
            continue
        if role in seen:
            errors.add(f"{field}.role", "role_twice")
        seen.add(role)
        benefit = _benefit(
            item.get("unemployment_benefit"), f"{field}.unemployment_benefit", errors
        )
        parents.append(
            Parent(
                role=role,
                hukou=_code(item.get("hukou"), f"{field}.hukou", places, errors, required=False),
                employed=_bool(item, "employed", f"{field}.employed", True, errors),
                unemployment_benefit=benefit,
            )
        )
    return parents


def _benefit(value: Any, field: str, errors: _Errors) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        if isinstance(value, bool):
            raise InvalidOperation
        amount = Decimal(str(value))
    except InvalidOperation:
        errors.add(field, "amount")
        return None
    if not amount.is_finite() or not 0 <= amount <= 100000:
        errors.add(field, "amount")
        return None
    return amount or None


def _children(value: Any, places: Places, as_of: date | None, errors: _Errors) -> list[Child]:
    if value is None:
        return []
    if not isinstance(value, list):
        errors.add("children", "list")
        return []
    if len(value) > MAX_CHILDREN:
        errors.add("children", "children_count", n=MAX_CHILDREN)
        return []
    children: list[Child] = []
    for i, item in enumerate(value):
        field = f"children[{i}]"
        if not isinstance(item, dict):
            errors.add(field, "object")
            continue
        born = _date(item.get("birth_date"), f"{field}.birth_date", errors)
        expected = _date(item.get("expected_date"), f"{field}.expected_date", errors)
        has_born, has_expected = (
            item.get("birth_date") is not None,
            item.get("expected_date") is not None,
        )
        if has_born and has_expected:
            errors.add(f"{field}.expected_date", "one_date")
        elif not has_born and not has_expected:
            errors.add(f"{field}.birth_date", "no_date")
        if born and as_of:
            if born > as_of:
                errors.add(f"{field}.birth_date", "born_after")
            elif born < as_of - EARLIEST_BIRTH:
                errors.add(f"{field}.birth_date", "born_too_early")
        if expected and as_of and not has_born:
            if expected < as_of:
                errors.add(f"{field}.expected_date", "expected_before")
            elif expected > as_of + LATEST_EXPECTED:
                errors.add(f"{field}.expected_date", "expected_too_late")
        hukou = _code(item.get("hukou"), f"{field}.hukou", places, errors, required=False)
        of_couple = _bool(item, "of_this_couple", f"{field}.of_this_couple", True, errors)
        difficult = _bool(item, "difficult_birth", f"{field}.difficult_birth", False, errors)
        if born or expected:
            children.append(
                Child(
                    index=i,
                    birth_date=born if has_born else None,
                    expected_date=expected if not has_born else None,
                    hukou=hukou,
                    of_this_couple=of_couple,
                    difficult_birth=difficult,
                )
            )
    return children
