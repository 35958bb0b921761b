"""The JSON API, v1, exactly as shared/api.md describes it; OpenAPI at /api/v1/openapi.json.

The request schema below is the one reader of a question: ninja decodes the body once
(`StrictJSON`), pydantic checks every field against the schema and its validators, naming every
problem at once, and `family_from_question` turns the checked body into the engine's family.
Pydantic's error types become our messages, in the language asked, in `_errors`.

Pydantic checks a model's fields in the order they are declared, and the validators share one
context for the request: `as_of` is recorded there before the children, whose dates are checked
against it, and each parent's role before the next parent's.
"""

from __future__ import annotations

import json
import re
from datetime import date
from decimal import Decimal
from typing import Annotated, Any, Literal

from django.conf import settings
from django.http import HttpRequest, JsonResponse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy
from django_ratelimit.core import is_ratelimited
from django_ratelimit.exceptions import Ratelimited
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError
from ninja.parser import Parser
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    PlainValidator,
    StrictBool,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import InitErrorDetails, PydanticCustomError

from apps.benefits.engine import Places
from apps.benefits.places import places_get
from apps.benefits.question import (
    AS_OF_RANGE,
    EARLIEST_BIRTH,
    LATEST_EXPECTED,
    MAX_CHILDREN,
    family_from_question,
)
from apps.benefits.services import entitlements_compute, evaluation_json

LANGS = ("zh-hans", "en")

# Our messages for what a request gets wrong (Chinese is the message id, "api" the context;
# English in the catalogue).
MESSAGES: dict[str, Promise] = {
    "not_object": pgettext_lazy("api", "请求内容应为JSON对象"),
    "not_json": pgettext_lazy("api", "请求内容不是有效的JSON"),
    "too_many": pgettext_lazy("api", "请求太频繁，请一分钟后再试"),
    "required": pgettext_lazy("api", "必填"),
    "invalid": pgettext_lazy("api", "值无效"),
    "code_format": pgettext_lazy("api", "应为6位行政区划代码"),
    "code_unknown": pgettext_lazy("api", "未知的行政区划代码：%(value)s"),
    "date_format": pgettext_lazy("api", "日期格式应为YYYY-MM-DD"),
    "lang": pgettext_lazy("api", "应为zh-hans或en"),
    "list": pgettext_lazy("api", "应为列表"),
    "object": pgettext_lazy("api", "应为对象"),
    "parents_count": pgettext_lazy("api", "应有一至两位父母"),
    "children_count": pgettext_lazy("api", "最多%(n)s个孩子"),
    "role": pgettext_lazy("api", "应为mother或father"),
    "role_twice": pgettext_lazy("api", "父母角色重复"),
    "bool": pgettext_lazy("api", "应为true或false"),
    "amount": pgettext_lazy("api", "应为0至100000之间的金额"),
    "one_date": pgettext_lazy("api", "请只填写出生日期或预产期中的一个"),
    "no_date": pgettext_lazy("api", "请填写出生日期或预产期"),
    "born_after": pgettext_lazy("api", "出生日期晚于查询日期"),
    "born_too_early": pgettext_lazy("api", "出生日期过早，请检查"),
    "as_of_range": pgettext_lazy("api", "查询日期应在1950年至2100年之间"),
    "expected_before": pgettext_lazy("api", "预产期早于查询日期；已出生的孩子请填写出生日期"),
    "expected_too_late": pgettext_lazy("api", "预产期应在查询日期后10个月内"),
}


class StrictJSON(Parser):
    """JSON as RFC 8259 has it (no NaN or Infinity), decoded once; the decoded body is kept on
    the request so that an error can be told in the language it asked for."""

    def parse_body(self, request: HttpRequest) -> Any:
        try:
            body = json.loads(request.body, parse_constant=_refuse_constant)
        except RecursionError as exc:  # nested deeper than the decoder goes
            raise ValueError("nested too deeply") from exc
        request.question = body  # type: ignore[attr-defined]
        return body


def _refuse_constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


api = NinjaAPI(
    title="生育支持待遇 API",
    version="1",
    description="What is this family entitled to, here, on this day? See shared/api.md.",
    urls_namespace="api-v1",
    parser=StrictJSON(),
)


# --- the request ----------------------------------------------------------------------------
# Plain pydantic models, not ninja's Schema: a Schema reads a non-object (a string where a child
# belongs) as an object with every field left out, where the contract wants "must be an object".


def _shared(info: ValidationInfo) -> dict[str, Any]:
    """What the validators of one request share: ninja's context, which holds the request."""
    assert info.context is not None, "ninja validates a body with its request in the context"
    return info.context


def _places(info: ValidationInfo) -> Places:
    """The jurisdiction tree, read once per request and shared with the view."""
    request = _shared(info)["request"]
    places = getattr(request, "places", None)
    if places is None:
        places = request.places = places_get()
    return places


def _known_code(value: str, info: ValidationInfo) -> str:
    if value not in _places(info):
        raise PydanticCustomError("code_unknown", "unknown division code", {"value": value})
    return value


def _iso_date(value: Any) -> date:
    """YYYY-MM-DD exactly: Python reads other ISO forms (weeks, ordinals) that we do not promise."""
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            pass
    raise PydanticCustomError("date_format", "must be a date as YYYY-MM-DD")


def _as_of_unknown(value: Any, info: ValidationInfo) -> Any:
    """An as_of that is given but turns out bad leaves the children's dates unchecked."""
    if value is not None:
        _shared(info)["as_of"] = None
    return value


def _as_of_known(value: date | None, info: ValidationInfo) -> date | None:
    if value is not None:
        low, high = AS_OF_RANGE
        if not low <= value <= high:
            raise PydanticCustomError("as_of_range", "out of range")
        _shared(info)["as_of"] = value
    return value


def _role_once(value: str, info: ValidationInfo) -> str:
    seen = _shared(info).setdefault("roles", set())
    if value in seen:
        raise PydanticCustomError("role_twice", "this role is given twice")
    seen.add(value)
    return value


Code = Annotated[
    str, StringConstraints(pattern=r"^\d{6}$"), AfterValidator(_known_code)
]  # a GB/T 2260 code of the tree
IsoDate = Annotated[
    date, PlainValidator(_iso_date), WithJsonSchema({"type": "string", "format": "date"})
]
Amount = Annotated[Decimal, Field(ge=0, le=100000, allow_inf_nan=False)]


class ParentIn(BaseModel):
    role: Annotated[Literal["mother", "father"], AfterValidator(_role_once)]
    hukou: Code | None = Field(None, description="GB/T 2260 code of the parent's hukou place")
    employed: StrictBool | None = Field(
        True, description="works for an employer (leave applies only then); default true"
    )
    unemployment_benefit: Amount | None = Field(
        None, description="monthly unemployment insurance benefit in yuan, while receiving it"
    )
    works_in: Code | None = Field(
        None, description="code of the place of the parent's employer; default: jurisdiction"
    )


class ChildIn(BaseModel):
    birth_date: IsoDate | None = None
    expected_date: IsoDate | None = None
    hukou: Code | None = Field(
        None, description="code where the child's hukou was first registered"
    )
    of_this_couple: StrictBool | None = Field(
        True, description="false for a child of one parent only"
    )
    difficult_birth: StrictBool | None = Field(False, description="true for 难产")

    @model_validator(mode="wrap")
    @classmethod
    def _dates(cls, data: Any, handler: Any, info: ValidationInfo) -> ChildIn:
        """One date, the right one, and within reach of the day asked (`as_of`)."""
        child = handler(data)
        as_of = _shared(info).get("as_of", timezone.localdate())
        problems: list[tuple[str, str]] = []
        born, expected = child.birth_date, child.expected_date
        if born and expected:
            problems.append(("expected_date", "one_date"))
        elif not born and not expected:
            problems.append(("birth_date", "no_date"))
        elif as_of is not None and born:
            if born > as_of:
                problems.append(("birth_date", "born_after"))
            elif born < as_of - EARLIEST_BIRTH:
                problems.append(("birth_date", "born_too_early"))
        elif as_of is not None and expected:
            if expected < as_of:
                problems.append(("expected_date", "expected_before"))
            elif expected > as_of + LATEST_EXPECTED:
                problems.append(("expected_date", "expected_too_late"))
        if problems:
            raise ValidationError.from_exception_data(
                "ChildIn",
                [
                    InitErrorDetails(type=PydanticCustomError(key, key), loc=(name,), input=data)
                    for name, key in problems
                ],
            )
        return child


class EntitlementRequest(BaseModel):
    jurisdiction: Code = Field(
        ..., description="six-digit GB/T 2260 code of the place the family lives in"
    )
    as_of: Annotated[
        IsoDate | None, BeforeValidator(_as_of_unknown), AfterValidator(_as_of_known)
    ] = Field(None, description="default: today in Asia/Shanghai")
    lang: Literal["zh-hans", "en"] = "zh-hans"
    parents: list[ParentIn] = Field(..., min_length=1, max_length=2)
    children: list[ChildIn] = Field(default_factory=list, max_length=MAX_CHILDREN)


# --- the answer ------------------------------------------------------------------------------


class Citation(Schema):
    document: str
    clause: str = Field(description="the article or numbered clause; empty when not verified")
    title: str
    title_en: str = Field("", description="the document's title in English, where known")
    url: str | None
    confidence: Literal["confirmed", "reported", "unverified"] = Field(
        description="confirmed: the clause was read in the text; reported: its number comes "
        "from second-hand reports; unverified: the article could not be found (notes say so)"
    )


class ClaimOut(Schema):
    channel: Literal["employer", "office"] = Field(
        description="employer: asked of the parent's employer; office: a public office"
    )
    how: str = Field(description="what to do to claim it")
    where: str = Field(description="the office or person that takes the claim")
    pays: str = Field(description="who pays it (or keeps the wage during leave)")
    time_to_pay: str | None = Field(description="how long payment usually takes, where known")
    url: str | None = Field(description="the official page to claim on, where there is one")
    source: Literal["policy", "reported", "general"] = Field(
        description="policy: the document says so (clause); reported: second-hand reports; "
        "general: the usual practice, the document says nothing"
    )
    clause: str = Field(description="the clause that says how to claim, when source is policy")


class Payment(Schema):
    start: date
    end: date
    amount: str


class WouldChange(Schema):
    field: str
    message: str


class EntitlementOut(Schema):
    program: str
    name: str
    jurisdiction: str
    jurisdiction_name: str = Field(description="the name of the level that grants it")
    category: Literal["one_off", "recurring", "leave"]
    kind: str
    eligible: bool
    basis: Literal["entitlement", "employer_may", "in_kind"] = Field(
        description="entitlement: owed; employer_may: an employer may grant it (never counted); "
        "in_kind: paid to an insurer or provider for the family (not the family's cash)"
    )
    child: int | None
    parent: Literal["mother", "father"] | None
    amount: str | None
    period: Literal["month", "year"] | None
    period_amount: str | None
    periods: int | None
    payments: list[Payment]
    leave_type: str | None
    days: int | None
    hours_per_day: int | None
    start: date | None
    end: date | None
    status: Literal["past", "current", "future"] | None
    apply_by: date | None = Field(description="the last day to claim it, where there is one")
    deadline_passed: bool = Field(description="apply_by is before as_of: no longer claimable")
    estimate: bool
    discretionary: bool = Field(description="deprecated: basis is employer_may")
    reason: str
    notes: list[str]
    documents: list[str] = Field(description="what a claim usually needs to show")
    claim: ClaimOut | None = Field(
        None, description="how to claim it: where, what to do, who pays; null where not known"
    )
    would_change: list[WouldChange]
    citation: Citation


class PlaceOut(Schema):
    code: str
    name: str


class JurisdictionOut(PlaceOut):
    path: list[PlaceOut]


class ChildOut(Schema):
    index: int
    birth_order: int | None


class Totals(Schema):
    one_off: str
    recurring: str


class CoverageOut(Schema):
    code: str
    name: str
    level: Literal["national", "province", "city", "county"]
    modelled: bool = Field(description="some of this place's own rules are modelled")
    documents: list[str] = Field(description="the titles of the documents modelled for it")


class EntitlementResponse(Schema):
    as_of: date
    rules_version: str
    lang: str
    jurisdiction: JurisdictionOut
    children: list[ChildOut]
    entitlements: list[EntitlementOut]
    totals: Totals
    coverage: list[CoverageOut] = Field(
        description="every level of the family's places (where it lives first, then hukou "
        "and work places): which are modelled. A province not modelled means the leave shown "
        "is the national minimum and provincial subsidies are not covered."
    )


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorResponse(Schema):
    errors: list[FieldErrorOut]


# --- errors ----------------------------------------------------------------------------------

CODES = {"jurisdiction", "hukou", "works_in"}
BOOLS = {"employed", "of_this_couple", "difficult_birth"}
COUNTS = {"too_short", "too_long"}


def _field_name(loc: tuple[Any, ...]) -> str:
    """('children', 0, 'birth_date') -> 'children[0].birth_date'."""
    name = ""
    for part in loc:
        name += f"[{part}]" if isinstance(part, int) else f".{part}" if name else str(part)
    return name or "body"


def _error_key(error: dict[str, Any], loc: tuple[Any, ...]) -> str:
    """Our message for one of pydantic's errors: its own key where a validator above raised
    one, else by the field it is about."""
    kind = error["type"]
    if kind in MESSAGES:
        return kind
    last = loc[-1] if loc else "body"
    if kind == "missing":
        return "required" if loc else "not_object"
    if not loc:
        return "not_object"
    if isinstance(last, int):
        return "object"
    by_field = {"lang": "lang", "role": "role", "unemployment_benefit": "amount"}
    if last in by_field:
        return by_field[last]
    if last in CODES:
        return "code_format"
    if last in BOOLS:
        return "bool"
    if last in ("birth_date", "expected_date", "as_of"):
        return "date_format"
    if last == "parents":
        return "parents_count" if kind in COUNTS else "list"
    if last == "children":
        return "children_count" if kind in COUNTS else "list"
    return "invalid"


def _lang(request: HttpRequest) -> str:
    body = getattr(request, "question", None)
    lang = body.get("lang") if isinstance(body, dict) else None
    return lang if lang in LANGS else "zh-hans"


def _errors_response(
    request: HttpRequest, errors: list[tuple[str, str, dict[str, Any]]]
) -> JsonResponse:
    """Every problem once, in the language the body asked for (Chinese when it did not say)."""
    found: list[dict[str, str]] = []
    with translation.override("en" if _lang(request) == "en" else "zh-hans"):
        for field, key, values in errors:
            error = {"field": field, "message": str(MESSAGES[key]) % values}
            if error not in found:
                found.append(error)
    return JsonResponse({"errors": found}, status=400, json_dumps_params={"ensure_ascii": False})


@api.exception_handler(NinjaValidationError)
def _validation_failed(request: HttpRequest, exc: NinjaValidationError) -> JsonResponse:
    errors = []
    for error in exc.errors:
        loc = tuple(error["loc"][2:])  # ("body", "payload", ...): the body is the payload
        values = {"n": MAX_CHILDREN} | dict(error.get("ctx") or {})
        errors.append((_field_name(loc), _error_key(error, loc), values))
    return _errors_response(request, errors)


@api.exception_handler(Ratelimited)
def _too_many(request: HttpRequest, exc: Ratelimited) -> JsonResponse:
    """This client asked more often than RATE_API allows (counted in the shared cache)."""
    with translation.override("en" if _lang(request) == "en" else "zh-hans"):
        message = str(MESSAGES["too_many"])
    response = JsonResponse(
        {"errors": [{"field": "", "message": message}]},
        status=429,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Retry-After"] = "60"
    return response


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    if exc.status_code == 400:  # a body that cannot be decoded at all
        return _errors_response(request, [("body", "not_json", {})])
    return JsonResponse(
        {"errors": [{"field": "body", "message": str(exc)}]}, status=exc.status_code
    )


# --- the endpoint ----------------------------------------------------------------------------


@api.post(
    "/entitlements",
    response={200: EntitlementResponse, 400: ErrorResponse},
    summary="Every entitlement of a family, here, on a day",
)
def entitlements(request: HttpRequest, payload: EntitlementRequest) -> JsonResponse:
    # Counted here, not by django-ratelimit's decorator: ninja reads this function's signature.
    if is_ratelimited(request, group="api", key="ip", rate=settings.RATE_API, increment=True):
        raise Ratelimited
    places: Places = getattr(request, "places", None) or places_get()
    question = payload.model_dump()
    as_of = payload.as_of or timezone.localdate()
    evaluation = entitlements_compute(
        family=family_from_question(question),
        jurisdiction=payload.jurisdiction,
        as_of=as_of,
        lang=payload.lang,
        places=places,
    )
    return JsonResponse(
        evaluation_json(evaluation, jurisdiction=payload.jurisdiction, places=places),
        json_dumps_params={"ensure_ascii": False},
    )
