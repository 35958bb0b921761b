"""The JSON API, v1, exactly as shared/api.md describes it; OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

import json
from datetime import date
from typing import Any, Literal

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from ninja import Field, NinjaAPI, Schema
from ninja.errors import HttpError
from ninja.errors import ValidationError as NinjaValidationError

from apps.benefits.queries import query_parse
from apps.benefits.services import entitlements_compute, evaluation_json
from apps.jurisdictions.selectors import places_get

api = NinjaAPI(
    title="生育支持待遇 API",
    version="1",
    description="What is this family entitled to, here, on this day? See shared/api.md.",
    urls_namespace="api-v1",
)


class ParentIn(Schema):
    role: Literal["mother", "father"]
    hukou: str | None = Field(None, description="GB/T 2260 code of the parent's hukou")
    employed: bool = True
    unemployment_benefit: float | None = Field(
        None, description="monthly unemployment insurance benefit in yuan, while receiving it"
    )


class ChildIn(Schema):
    birth_date: date | None = None
    expected_date: date | None = None
    hukou: str | None = Field(None, description="code where the child's hukou was first registered")
    of_this_couple: bool = True
    difficult_birth: bool = False


class EntitlementRequest(Schema):
    jurisdiction: str = Field(..., description="six-digit GB/T 2260 code of the place asked about")
    as_of: date | None = Field(None, description="default: today in Asia/Shanghai")
    lang: Literal["zh-hans", "en"] = "zh-hans"
    parents: list[ParentIn] = Field(..., min_length=1, max_length=2)
    children: list[ChildIn] = Field(default_factory=list, max_length=20)


class Citation(Schema):
    document: str
    clause: str
    title: str
    url: str | None


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
    category: Literal["one_off", "recurring", "leave"]
    kind: str
    eligible: bool
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
    estimate: bool
    discretionary: bool
    reason: str
    notes: list[str]
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


class EntitlementResponse(Schema):
    as_of: date
    rules_version: str
    lang: str
    jurisdiction: JurisdictionOut
    children: list[ChildOut]
    entitlements: list[EntitlementOut]
    totals: Totals


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorResponse(Schema):
    errors: list[FieldErrorOut]


def _errors(errors: list[Any]) -> JsonResponse:
    return JsonResponse(
        {"errors": [{"field": e.field, "message": e.message} for e in errors]},
        status=400,
        json_dumps_params={"ensure_ascii": False},
    )


def _answer(request: HttpRequest) -> JsonResponse:
    """Parse the raw body with our own reader, so that every problem is named at once."""
    try:
        data = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        return JsonResponse(
            {"errors": [{"field": "body", "message": "请求内容不是有效的JSON"}]},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    places = places_get()
    query, errors = query_parse(data, places=places, today=timezone.localdate())
    if query is None:
        return _errors(errors)
    evaluation = entitlements_compute(
        family=query.family,
        jurisdiction=query.jurisdiction,
        as_of=query.as_of,
        lang=query.lang,
        places=places,
    )
    return JsonResponse(
        evaluation_json(evaluation, jurisdiction=query.jurisdiction, places=places),
        json_dumps_params={"ensure_ascii": False},
    )


@api.exception_handler(NinjaValidationError)
def _validation_failed(request: HttpRequest, exc: NinjaValidationError) -> JsonResponse:
    # The schema above documents the request; our reader decides and names every bad field.
    response = _answer(request)
    if response.status_code == 400:
        return response
    return JsonResponse(
        {
            "errors": [
                {"field": ".".join(str(p) for p in e["loc"][2:]) or "body", "message": e["msg"]}
                for e in exc.errors
            ]
        },
        status=400,
    )


@api.exception_handler(HttpError)
def _http_error(request: HttpRequest, exc: HttpError) -> JsonResponse:
    # A body that cannot be parsed at all: our reader names it as the field "body".
    if exc.status_code == 400:
        return _answer(request)
    return JsonResponse(
        {"errors": [{"field": "body", "message": str(exc)}]}, status=exc.status_code
    )


@api.post(
    "/entitlements",
    response={200: EntitlementResponse, 400: ErrorResponse},
    summary="Every entitlement of a family, here, on a day",
)
def entitlements(request: HttpRequest, payload: EntitlementRequest) -> JsonResponse:
    return _answer(request)
