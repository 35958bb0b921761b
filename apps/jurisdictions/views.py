"""The cascading place select: htmx asks for the next list when a level is chosen.

Without JavaScript the questionnaire page re-renders itself with its "update" button; this view
serves the same partial to htmx, so both paths show the same selects.
"""

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from apps.jurisdictions.forms import KINDS, place_form, without_errors


@require_safe
def place_select(request: HttpRequest) -> HttpResponse:
    prefix = request.GET.get("prefix", "")
    kind = request.GET.get("kind", "")
    if kind not in KINDS or not prefix.replace("-", "").isalnum():
        return HttpResponseBadRequest("prefix and kind")
    form = without_errors(place_form(request.GET, prefix=prefix, kind=kind, lang=get_language()))
    return render(request, "jurisdictions/_place.html", {"place": form, "kind": kind})
