"""Middleware of the whole site: requests no view can read are refused early."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import unquote

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _

Handler = Callable[[HttpRequest], HttpResponse]


def refuse_unreadable_paths(get_response: Handler) -> Handler:
    """A path or query with a NUL byte (which PostgreSQL refuses in any text it stores or
    compares) is a 400 naming the part, never a 500."""

    def middleware(request: HttpRequest) -> HttpResponse:
        for part, value in (
            (_("路径"), request.path),
            (_("查询参数"), unquote(request.META.get("QUERY_STRING", ""))),
        ):
            if "\x00" in value:
                return HttpResponseBadRequest(
                    _("请求的%(part)s含有不允许的字符（NUL）。") % {"part": part},
                    content_type="text/plain; charset=utf-8",
                )
        return get_response(request)

    return middleware
