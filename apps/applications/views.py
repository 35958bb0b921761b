"""The parent's pages: apply from the results, then follow the application by its link."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from apps.applications.forms import CONSENT_TEXT, ApplyForm, ReplyForm
from apps.applications.models import Application
from apps.applications.selectors import (
    application_by_secret,
    application_history,
    application_info_request,
    cash_entitlements,
    claims_applied,
    entitlement_claim,
    family_child_dates,
)
from apps.applications.services import ReviewRefused, application_parent_reply, application_submit
from apps.benefits.engine import Entitlement
from apps.benefits.services import current_lang, entitlements_compute
from apps.households.models import Household
from apps.households.selectors import household_family


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest, token: str) -> HttpResponse:
    household = get_object_or_404(
        Household.objects.select_related("jurisdiction").prefetch_related("parents", "children"),
        token=token,
    )
    entitlements: list[tuple[str, Entitlement]] = []
    already: list[tuple[Entitlement, Application]] = []
    if household.jurisdiction_id:
        family = household_family(household=household)
        evaluation = entitlements_compute(
            family=family,
            jurisdiction=household.jurisdiction_id,
            as_of=timezone.localdate(),
            lang=current_lang(),
        )
        applied = claims_applied(household_id=household.pk)
        children = family_child_dates(family)
        for e in cash_entitlements(evaluation=evaluation):
            key = entitlement_claim(e, children)
            earlier = applied.get(key)
            if earlier is None:
                entitlements.append((str(key), e))
            else:
                already.append((e, earlier))
    choices = entitlements
    form = ApplyForm(request.POST or None, choices=choices)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application, secret = application_submit(
                household=household,
                applicant_name=data["applicant_name"],
                id_number=data["id_number"],
                phone=data["phone"],
                bank_account=data["bank_account"],
                entitlement_keys=data["entitlements"],
                consent_text=str(CONSENT_TEXT),
                lang=current_lang(),
            )
        except ValidationError as error:
            form.add_error("entitlements", error)
        else:
            return redirect(status_url(application, secret))
    return render(
        request,
        "applications/apply.html",
        {"household": household, "form": form, "entitlements": choices, "already": already},
        status=422 if form.is_bound and form.errors else 200,
    )


def status_url(application: Application, secret: str) -> str:
    return reverse(
        "applications:status", kwargs={"reference": application.reference, "secret": secret}
    )


@never_cache
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, reference: str, secret: str) -> HttpResponse:
    application = application_by_secret(reference=reference, secret=secret)
    if application is None:
        raise Http404
    form = ReplyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            application_parent_reply(application=application, message=form.cleaned_data["message"])
        except ReviewRefused as refused:
            form.add_error(None, refused.message)
        else:
            return redirect(request.path)
    return render(
        request,
        "applications/status.html",
        {
            "application": application,
            "items": application.items.all(),
            "history": application_history(application=application),
            "info_request": application_info_request(application=application),
            "form": form,
        },
        status=422 if form.is_bound and form.errors else 200,
    )
