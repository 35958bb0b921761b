"""The questionnaire's pages: thin views over `questionnaire`, `services` and `selectors`.

Every page is a normal form POST and redirect; htmx only asks the same view for a partial
(the children's rows, one child's row) chosen by `request.htmx`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, cast

from django.conf import settings
from django.contrib import messages
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe
from django_htmx.middleware import HtmxDetails
from django_ratelimit.decorators import ratelimit

from apps.benefits.engine import Evaluation
from apps.benefits.services import current_lang, entitlements_compute
from apps.households import ics, questionnaire, results, services, sharing
from apps.households.forms import FeedbackForm
from apps.households.models import Household
from apps.households.selectors import (
    household_by_token,
    household_family,
    household_from_session,
)
from apps.jurisdictions.forms import without_errors

QUESTION_FORM = "question-form"  # the id of a question page's form


class HtmxHttpRequest(HttpRequest):
    """A request as django-htmx's middleware leaves it: `htmx` says whether htmx sent it."""

    htmx: HtmxDetails


def _page_context(slug: str, household: Household | None, **extra: Any) -> dict[str, Any]:
    previous = questionnaire.previous_page(slug)
    return {
        "page": questionnaire.page_of(slug),
        "step": questionnaire.step_of(slug),
        "steps": questionnaire.STEPS,
        "back_url": reverse(f"households:{previous}") if previous else reverse("households:home"),
        "household": household,
        # A page with questions: the language buttons post its form (see _language_switch).
        "question_form": QUESTION_FORM if "bound" in extra else "",
        **extra,
    }


def _language_switch(request: HttpRequest) -> str | None:
    """The language asked for by a language button on a question page, now active.

    Those buttons submit the page's own form (HTML's `form` attribute, no JavaScript), so what
    the parent has typed comes along and is shown again, unjudged and unsaved, in the new
    language, as the "update the options" button shows it.
    """
    language = request.POST.get("switch_language", "")
    if request.method != "POST" or language not in dict(settings.LANGUAGES):
        return None
    translation.activate(language)
    request.LANGUAGE_CODE = language
    return language


def _remember_language(response: HttpResponse, language: str) -> HttpResponse:
    """Set the language cookie as Django's `set_language` view does."""
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        secure=settings.LANGUAGE_COOKIE_SECURE,
        httponly=settings.LANGUAGE_COOKIE_HTTPONLY,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    household = household_from_session(session=request.session)
    return render(request, "households/home.html", {"household": household})


def _question(
    request: HttpRequest,
    slug: str,
    bind: Callable[..., questionnaire.Bound],
    save: Callable[[Household, questionnaire.Bound], None],
    skip: Callable[[Any], set[str]] = lambda data: set(),
) -> HttpResponse:
    household = household_from_session(session=request.session)
    returning = request.GET.get("return") == "check"
    errors: list[tuple[str, str]] = []
    language = _language_switch(request)
    if request.method == "POST":
        data = request.POST
        bound = bind(household, data, current_lang())
        if "refresh" in data or language:
            for form in bound.all():
                without_errors(form)
        elif bound.is_valid(skip(data)):
            household = household or services.household_for_session(request=request)
            save(household, bound)
            return redirect(_after(slug, returning))
        else:
            errors = bound.error_list(skip(data))
    else:
        bound = bind(household, None, current_lang())
    context = _page_context(slug, household, bound=bound, errors=errors, returning=returning)
    response = render(request, f"households/{slug}.html", context)
    return _remember_language(response, language) if language else response


def _after(slug: str, returning: bool) -> str:
    return reverse(f"households:{questionnaire.next_page(slug, returning=returning)}")


@never_cache
@ratelimit(key="ip", rate=settings.RATE_ANSWERS, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def place(request: HttpRequest) -> HttpResponse:
    return _question(request, "place", questionnaire.place_bind, questionnaire.place_save)


@never_cache
@ratelimit(key="ip", rate=settings.RATE_ANSWERS, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def parents(request: HttpRequest) -> HttpResponse:
    return _question(
        request,
        "parents",
        questionnaire.parents_bind,
        questionnaire.parents_save,
        questionnaire.parents_skip,
    )


@never_cache
@ratelimit(key="ip", rate=settings.RATE_ANSWERS, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def children(request: HtmxHttpRequest) -> HttpResponse:
    today = timezone.localdate()

    def bind(household: Household | None, data: Any, lang: str) -> questionnaire.Bound:
        return questionnaire.children_bind(household, data, lang, today=today)

    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "add" or action.startswith("remove-"):
        return _children_edit(request, action, bind)
    if action.startswith("validate-"):
        return _child_validate(request, action, today)
    return _question(request, "children", bind, questionnaire.children_save)


def _row_number(text: str) -> int | None:
    """The row a button names (`remove-2`: 2); None when it names no row a page can have."""
    return int(text) if text.isascii() and text.isdecimal() and len(text) <= 4 else None


def _children_edit(
    request: HtmxHttpRequest, action: str, bind: Callable[..., questionnaire.Bound]
) -> HttpResponse:
    """Add or remove a row, keeping everything typed; htmx swaps the rows, a plain POST the page."""
    household = household_from_session(session=request.session)
    posted = bind(household, request.POST, current_lang()).children
    assert posted is not None
    rows = posted.edited(add=action == "add", remove=_row_number(action.removeprefix("remove-")))
    bound = questionnaire.Bound(children=rows)
    return _children_page(
        request, household, bound, rows_only=bool(request.htmx), focus_add=rows.focus_add
    )


def _children_page(
    request: HttpRequest,
    household: Household | None,
    bound: questionnaire.Bound,
    *,
    rows_only: bool = False,
    **extra: Any,
) -> HttpResponse:
    """The children page (or only its rows, for htmx) shown again, not saved, with no summary."""
    context = _page_context(
        "children",
        household,
        bound=bound,
        errors=[],
        returning=request.GET.get("return") == "check",
        **extra,
    )
    template = "households/children.html"
    return render(request, f"{template}#children-rows" if rows_only else template, context)


def _child_validate(request: HtmxHttpRequest, action: str, today: date) -> HttpResponse:
    """Check a row as the parent goes: only the questions answered are judged, so a question not
    reached yet is not marked wrong (without htmx, the page comes back with every row judged so).
    Never saves: a row that is not on the page is a bad request, not an answer."""
    household = household_from_session(session=request.session)
    bound = questionnaire.children_bind(
        household, request.POST, current_lang(), today=today, answered_only=True
    )
    assert bound.children is not None
    index = _row_number(action.removeprefix("validate-"))
    if index is None or index >= len(bound.children):
        return HttpResponseBadRequest(
            _("没有这一胎可以检查：页面上的孩子和提交的不一致，请重新打开这一页。"),
            content_type="text/plain; charset=utf-8",
        )
    child_form = bound.children[index]
    child_form.full_clean()
    if request.htmx:
        return render(request, "households/children.html#child-row", {"child_form": child_form})
    return _children_page(request, household, bound)


@never_cache
@require_safe
def check(request: HttpRequest) -> HttpResponse:
    household, missing = _answered(request)
    if missing or household is None:
        return redirect(f"households:{missing}")
    answers = questionnaire.check_answers(household, current_lang())
    context = _page_context("check", household, answers=answers)
    return render(request, "households/check.html", context)


def _answered(request: HttpRequest) -> tuple[Household | None, str | None]:
    """The session's household, and the first question it has still to answer (None when it
    can see its results)."""
    household = household_from_session(session=request.session)
    return household, questionnaire.first_unanswered(household)


def _evaluation(household: Household) -> Evaluation:
    assert household.jurisdiction_id is not None  # answered: see first_unanswered
    return entitlements_compute(
        family=household_family(household=household),
        jurisdiction=household.jurisdiction_id,
        as_of=timezone.localdate(),
        lang=current_lang(),
    )


@never_cache
@require_safe
def results_page(request: HttpRequest) -> HttpResponse:
    household, missing = _answered(request)
    if missing or household is None:
        return redirect(f"households:{missing}")
    context = _page_context("results", household, **_results_context(household, shared=False))
    return render(request, "households/results.html", context)


def _results_context(household: Household, *, shared: bool) -> dict[str, Any]:
    """What the results page shows, computed only when its cached copy is missing: the page's
    body is cached against the answers' version, the rules', the places', the language and
    the day (`results.cache_key`), so a page seen again costs no evaluation and no rendering."""
    lang = current_lang()
    evaluation = cast(Evaluation, SimpleLazyObject(lambda: _evaluation(household)))
    return {
        "shared": shared,
        "cache_key": results.cache_key(household, lang=lang, shared=shared),
        "evaluation": evaluation,
        "results": SimpleLazyObject(lambda: results.present(household, evaluation, shared=shared)),
        "answers": SimpleLazyObject(lambda: [] if shared else results.answers(household, lang)),
    }


@never_cache
@ratelimit(key="ip", rate=settings.RATE_SECRET_PAGES, block=True)
@require_safe
def results_shared(request: HttpRequest, key: str) -> HttpResponse:
    """The read-only results a share link names: no answers, no edit links, no applying."""
    household = sharing.household_by_share_key(key)
    if household is None or questionnaire.first_unanswered(household):
        return render(request, "households/shared_missing.html", status=404)
    response = render(request, "households/results.html", _results_context(household, shared=True))
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@require_safe
def results_calendar(request: HttpRequest) -> HttpResponse:
    household, missing = _answered(request)
    if missing or household is None:
        raise Http404
    response = HttpResponse(
        ics.calendar(household, _evaluation(household), now=timezone.now()),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="benefits.ics"'
    return response


@never_cache
@ratelimit(key="ip", rate=settings.RATE_ANSWERS, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def save(request: HtmxHttpRequest) -> HttpResponse:
    """The two links (come back and change; read-only results), to copy, or sent by email where
    the server can send it. htmx posts the email form and gets only its box back."""
    household = household_from_session(session=request.session)
    if household is None:
        return redirect("households:place")
    resume_url = request.build_absolute_uri(reverse("households:resume", args=[household.token]))
    share_url = request.build_absolute_uri(
        reverse("households:shared", args=[sharing.share_key(household)])
    )
    email = sharing.email_available()
    form = sharing.LinksEmailForm(request.POST if request.method == "POST" else None)
    sent = False
    if request.method == "POST":
        if not email:
            raise Http404
        if form.is_valid():
            sent = sharing.links_send(
                email=form.cleaned_data["email"], resume_url=resume_url, share_url=share_url
            )
            if not sent:
                form.add_error("email", _("邮件没有发出，请稍后再试，或者复制上面的链接。"))
            elif not request.htmx:
                messages.success(request, _("两个链接已经发到您的邮箱。"))
                return redirect("households:save")
    context = {
        "household": household,
        "resume_url": resume_url,
        "share_url": share_url,
        "answered": questionnaire.first_unanswered(household) is None,
        "email": email,
        "form": form,
        "sent": sent,
    }
    if request.htmx:  # htmx swaps only a 2xx answer: the box with its error is one
        return render(request, "households/save.html#email-box", context)
    return render(request, "households/save.html", context, status=422 if form.errors else 200)


@never_cache
@ratelimit(key="ip", rate=settings.RATE_SECRET_PAGES, block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def resume(request: HttpRequest, token: str) -> HttpResponse:
    """A resume link only shows a page: the household is taken into the session by its button
    (a POST), so that a link preview or prefetch changes nothing."""
    if request.method == "POST":
        household = services.household_resume(request=request, token=token)
    else:
        household = household_by_token(token=token)
    if household is None:
        return render(request, "households/resume_missing.html", status=404)
    if request.method == "POST":
        missing = questionnaire.first_unanswered(household)
        return redirect(f"households:{missing or 'results'}")
    return render(request, "households/resume.html", {"token": token})


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def start_again(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.household_delete(request=request)
        return redirect("households:home")
    household = household_from_session(session=request.session)
    return render(request, "households/start_again.html", {"household": household})


# --- the service's frame: the pages the footer links to, and feedback ------------------------

DAY = 24 * 60 * 60


@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    context = {
        "kept_days": services.ANSWERS_KEPT_DAYS,
        "session_days": settings.SESSION_COOKIE_AGE // DAY,
    }
    return render(request, "households/privacy.html", context)


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "households/accessibility.html")


@require_safe
def cookies(request: HttpRequest) -> HttpResponse:
    context = {
        "session_cookie": settings.SESSION_COOKIE_NAME,
        "session_days": settings.SESSION_COOKIE_AGE // DAY,
        "csrf_cookie": settings.CSRF_COOKIE_NAME,
        "csrf_days": settings.CSRF_COOKIE_AGE // DAY,
        "language_cookie": settings.LANGUAGE_COOKIE_NAME,
        "language_days": (settings.LANGUAGE_COOKIE_AGE or 0) // DAY,
        "messages_cookie": CookieStorage.cookie_name,
    }
    return render(request, "households/cookies.html", context)


@require_safe
def help_page(request: HttpRequest) -> HttpResponse:
    context = {"support_email": settings.SUPPORT_EMAIL, "support_phone": settings.SUPPORT_PHONE}
    return render(request, "households/help.html", context)


@never_cache
@ratelimit(key="ip", rate=settings.RATE_ANSWERS, method="POST", block=True)
@require_http_methods(["GET", "HEAD", "POST"])
def feedback(request: HttpRequest) -> HttpResponse:
    errors: list[tuple[str, str]] = []
    if request.method == "POST":
        form = FeedbackForm(request.POST)
        if form.is_valid():
            services.feedback_record(
                message=form.cleaned_data["message"],
                page=form.cleaned_data["page"],
                language=current_lang(),
            )
            return redirect("households:feedback_sent")
        errors = [(form[name].auto_id, str(m)) for name, ms in form.errors.items() for m in ms]
    else:
        form = FeedbackForm(initial={"page": request.GET.get("from", "")[:100]})
    return render(request, "households/feedback.html", {"form": form, "errors": errors})


@require_safe
def feedback_sent(request: HttpRequest) -> HttpResponse:
    return render(request, "households/feedback_sent.html")
