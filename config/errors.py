"""The site's answers when something is wrong: too many requests (429), a page not found (404),
and a fault (500), which is a 503 "try again shortly" when the database is away. Pages in the
reader's language; the API in its JSON error shape. None of them touches the database: a fault
page must render when the database is the fault."""

from __future__ import annotations

import logging
import sys
from typing import Any

from django.db.utils import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

RETRY_AFTER = {429: 60, 503: 30}  # seconds a client is asked to wait
DATABASE_AWAY = (OperationalError, InterfaceError)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _page(request: HttpRequest, template: str, status: int, **context: Any) -> HttpResponse:
    """An error page, rendered without context processors (they may read the session, and the
    session may be in the database that is away)."""
    html = render_to_string(
        template, {"request": request, "csrf_token": get_token(request), **context}
    )
    response = HttpResponse(html, status=status)
    if status in RETRY_AFTER:
        response["Retry-After"] = str(RETRY_AFTER[status])
    response["Cache-Control"] = "no-store"
    return response


def _api_error(status: int, message: str) -> JsonResponse:
    response = JsonResponse(
        {"errors": [{"field": "", "message": message}]},
        status=status,
        json_dumps_params={"ensure_ascii": False},
    )
    if status in RETRY_AFTER:
        response["Retry-After"] = str(RETRY_AFTER[status])
    return response


def too_many_requests(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """django-ratelimit's view (RATELIMIT_VIEW): this client asked too often. (The API answers
    its own 429, in its JSON shape: apps/benefits/api.py.)"""
    return _page(request, "429.html", 429)


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if _is_api(request):
        return _api_error(404, _("没有这个地址。"))
    return _page(request, "404.html", 404)


def _kept_fields(request: HttpRequest) -> list[tuple[str, str]]:
    """What the person sent, to send again from the 503 page: every posted field but the CSRF
    token (the page carries a fresh one). Files cannot be carried; the page says so."""
    if request.method != "POST":
        return []
    return [
        (name, value)
        for name, values in request.POST.lists()
        if name != "csrfmiddlewaretoken"
        for value in values
    ]


def server_error(request: HttpRequest) -> HttpResponse:
    """A fault. When the database is away (refused, timed out, dropped) it is a 503 with
    Retry-After, and a form that was being sent is kept on the page, to be sent again with one
    button: nothing typed is lost. Anything else is a 500."""
    error = sys.exc_info()[1]
    if isinstance(error, DATABASE_AWAY):
        logger.warning("database unavailable: %s %s: %s", request.method, request.path, error)
        if _is_api(request):
            return _api_error(503, _("服务暂时不可用，请稍后再试。"))
        return _page(
            request,
            "503.html",
            503,
            kept=_kept_fields(request),
            had_files=bool(request.method == "POST" and request.FILES),
        )
    if _is_api(request):
        return _api_error(500, _("服务出错了，请稍后再试。"))
    return _page(request, "500.html", 500)
