"""What a kind's parameters may be: one pydantic model per kind, which checks a policy file's
`params` (for the loader and the admin, naming each bad field) and is what the kind reads, with
its defaults said once.

The types below are also the policy file's schema (`apps.benefits.policy_schema`, exported to
`fixtures/policy.schema.json`): each says its rule in words, for the person who broke it."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetCoreSchemaHandler,
    GetJsonSchemaHandler,
    StrictInt,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, core_schema


@dataclass(frozen=True)
class Matches:
    """A string that matches `pattern` whole, else refused with `rule`, said in words; the JSON
    Schema carries the pattern. Patterns use ASCII classes ([0-9], never \\d), so that "²" or
    "٣" is no digit."""

    pattern: str
    rule: str

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        return core_schema.no_info_after_validator_function(self._check, handler(source))

    def __get_pydantic_json_schema__(
        self, schema: CoreSchema, handler: GetJsonSchemaHandler
    ) -> JsonSchemaValue:
        json_schema = handler(schema)
        json_schema["pattern"] = self.pattern
        return json_schema

    def _check(self, value: str) -> str:
        if not re.fullmatch(self.pattern, value):
            raise ValueError(self.rule)
        return value


def _iso_date(value: object) -> object:
    """A day as the files write it, "2024-01-31": no timestamp, no other order of its parts."""
    if isinstance(value, str) and re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError as invalid:
            raise ValueError(f"{value} is no day of the calendar ({invalid})") from None
    if isinstance(value, date):
        return value
    raise ValueError("a date written YYYY-MM-DD, e.g. 2024-01-31")


IsoDate = Annotated[date, BeforeValidator(_iso_date)]

# A birth order as a table key: "1" to "20", "3+" (the third and every later child) or "any".
OrderKey = Annotated[
    str,
    Matches(
        r"^(any|([1-9]|1[0-9]|20)\+?)$",
        'a birth order is "1" to "20", "3+" for the third child and every later one, or "any"',
    ),
]
# A program's or a document's identifier, as programs name each other (replaced_by, replaces).
Slug = Annotated[
    str,
    Field(max_length=80),
    Matches(
        r"^[a-z0-9]+(-[a-z0-9]+)*$",
        "lower-case letters and digits in words joined by hyphens, e.g. zhengzhou-2023",
    ),
]
# Yuan, to the fen: never negative, never more than a family could be paid at once. The files
# write amounts as strings ("5000"); the JSON Schema's "pattern" applies to that form only.
Money = Annotated[
    Decimal,
    Field(
        ge=0,
        le=1_000_000,
        decimal_places=2,
        allow_inf_nan=False,
        json_schema_extra={"pattern": r"^[0-9]{1,7}(\.[0-9]{1,2})?$"},
    ),
]
Days = Annotated[StrictInt, Field(ge=0, le=1000)]
Hours = Annotated[StrictInt, Field(ge=0, le=24)]  # a day's
Months = Annotated[StrictInt, Field(ge=1, le=240)]
Years = Annotated[StrictInt, Field(ge=1, le=18)]  # a child's age
MoneyByOrder = Annotated[
    dict[OrderKey, Money], Field(min_length=1, json_schema_extra={"additionalProperties": False})
]
DaysByOrder = Annotated[
    dict[OrderKey, Days], Field(min_length=1, json_schema_extra={"additionalProperties": False})
]


class Params(BaseModel):
    """The parameters of one kind of rule; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)
