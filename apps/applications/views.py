"""The parent's pages: apply from the results, then follow the application by its link."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from apps.applications.documents import document_upload
from apps.applications.forms import CONSENT_TEXT, ApplyForm, DocumentForm, ReplyForm
from apps.applications.models import Application
from apps.applications.selectors import (
    application_by_secret,
    application_history,
    application_info_requests,
    cash_entitlements,
    claims_applied,
    entitlement_claim,
    family_child_dates,
    next_step,
)
from apps.applications.services import ReviewRefused, application_parent_reply, application_submit
from apps.benefits.engine import Entitlement
from apps.benefits.services import current_lang, entitlements_compute
from apps.households.selectors import household_family, household_from_session


@never_cache
@ratelimit(key="ip", rate=settings.RATE_APPLY, method="POST", block=True)
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    """Apply for the answers this browser is working on. The session is the key: the "save and
    come back later" link is not one (it may be shared or logged), so whoever holds only that
    link first takes the answers into their own session, as resuming does."""
    household = household_from_session(session=request.session)
    if household is None:
        messages.info(request, _("请先回答问题，或者用保存的链接回到您的答卷，再申请。"))
        return redirect("households:home")
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
                email=data["email"],
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
@ratelimit(key="ip", rate=settings.RATE_SECRET_PAGES, block=True)
@require_http_methods(["GET", "POST"])
def status(request: HttpRequest, reference: str, secret: str) -> HttpResponse:
    """The parent's page for one application: each claim's state, what the caseworker asked,
    a reply or a document to send, what happened so far and what happens next."""
    application = application_by_secret(reference=reference, secret=secret)
    if application is None:
        raise Http404
    claims = list(application.claims.all())
    titles = [title for claim in claims for title in claim.documents]
    posted = request.POST.get("form") if request.method == "POST" else None
    reply = ReplyForm(request.POST if posted == "reply" else None, prefix="reply")
    upload = DocumentForm(
        request.POST if posted == "document" else None,
        request.FILES if posted == "document" else None,
        titles=titles,
        prefix="document",
    )
    if posted == "reply" and reply.is_valid():
        try:
            application_parent_reply(application=application, message=reply.cleaned_data["message"])
        except ReviewRefused as refused:
            reply.add_error(None, refused.message)
        else:
            messages.success(request, _("已收到您补充的信息。"))
            return redirect(request.path)
    if posted == "document" and upload.is_valid():
        document_upload(
            application=application,
            upload=upload.cleaned_data["file"],
            title=upload.cleaned_data["title"],
        )
        messages.success(
            request,
            _("已收到您上传的材料“%(title)s”。") % {"title": upload.cleaned_data["title"]},
        )
        return redirect(request.path)
    form = reply if posted == "reply" else upload
    application.refresh_from_db()
    return render(
        request,
        "applications/status.html",
        {
            "application": application,
            "claims": claims,
            "history": application_history(application=application),
            "info_requests": application_info_requests(application=application),
            "next_step": next_step(application=application),
            "documents": application.documents.order_by("uploaded_at", "id"),
            "reply_form": reply,
            "upload_form": upload,
            "form": form,
            "titles": list(dict.fromkeys(titles)),
        },
        status=422 if form.is_bound and form.errors else 200,
    )
