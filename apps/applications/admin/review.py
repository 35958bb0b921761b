"""The review of one application: its facts, the snapshot against today's rules, the history,
and one step of the review at a time. Every step goes through the services (state machine,
version check, audit row); the admin never saves an Application itself."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.forms import BoundField
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.urls import path
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from apps.applications.admin.queue import QueueAdmin
from apps.applications.documents import HEIC, KINDS
from apps.applications.models import OPEN_STATUSES, Application, Claim, ClaimStatus, Document
from apps.applications.selectors import application_review
from apps.applications.services import (
    STALE,
    STEPS,
    TAKE,
    TAKE_LABEL,
    Decision,
    ReviewRefused,
    application_note_update,
    application_take,
    claims_decide,
    claims_step,
    step_check,
    steps_available,
)
from apps.benefits.places import places_get
from apps.households.models import HouseholdParent

WHOLE_STEPS_LABEL = gettext_lazy("对所有可以的项目")


def _effective(status: str) -> str:
    """A claim not yet taken is decided as if under review: the save takes the application on
    first."""
    return ClaimStatus.IN_REVIEW if status == ClaimStatus.SUBMITTED else status


class ReviewForm(forms.ModelForm):
    """The internal note; one step for the whole application (take it on, or one decision for
    every claim that can take it) with its message; and a decision with its message for each
    open claim. Carries the version the caseworker saw, so a stale form is refused with
    everything they typed shown back."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    step = forms.ChoiceField(
        label=gettext_lazy("整件申请"),
        required=False,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("接手审核；或者对所有可以的项目作同一个决定。逐项决定见下方。"),
    )
    message = forms.CharField(
        label=gettext_lazy("给申请人的说明"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        help_text=gettext_lazy("申请人在进度页面能看到。要求补充材料和不予批准时必填。"),
    )

    class Meta:
        model = Application
        fields = ["internal_note"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["seen_version"].initial = self.instance.version
        self.claims = list(self.instance.claims.all()) if self.instance.pk else []
        statuses = {_effective(claim.status) for claim in self.claims}
        whole = [(TAKE, TAKE_LABEL), *((s.name, s.label) for s in STEPS.values())]
        available = steps_available(statuses={c.status for c in self.claims} | statuses)
        offered = {name for name, _label in available}
        step = cast(forms.ChoiceField, self.fields["step"])
        step.choices = [("", _("不改变状态")), *whole]
        step.widget.choices = [("", _("不改变状态")), *(c for c in whole if c[0] in offered)]
        for claim in self.claims:
            if not claim.is_open:
                continue
            choices = [
                (s.name, s.label) for s in STEPS.values() if s.source == _effective(claim.status)
            ]
            self.fields[self.claim_field(claim, "step")] = forms.ChoiceField(
                label=claim.name,
                required=False,
                choices=[("", _("不改变")), *choices],
                widget=forms.RadioSelect,
            )
            self.fields[self.claim_field(claim, "message")] = forms.CharField(
                label=_("说明（%(name)s）") % {"name": claim.name},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "cols": 40}),
            )

    @staticmethod
    def claim_field(claim: Claim, part: str) -> str:
        return f"claim_{claim.pk}_{part}"

    def claim_rows(self) -> list[tuple[Claim, BoundField | None, BoundField | None]]:
        """Each claim with its decision's and message's bound fields (None once decided)."""
        rows: list[tuple[Claim, BoundField | None, BoundField | None]] = []
        for claim in self.claims:
            name = self.claim_field(claim, "step")
            if name in self.fields:
                rows.append((claim, self[name], self[self.claim_field(claim, "message")]))
            else:
                rows.append((claim, None, None))
        return rows

    def decisions(self) -> list[tuple[Claim, str, str]]:
        data = self.cleaned_data
        return [
            (claim, data[self.claim_field(claim, "step")], data[self.claim_field(claim, "message")])
            for claim in self.claims
            if data.get(self.claim_field(claim, "step"))
        ]

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        if data.get("seen_version") is not None and data["seen_version"] != self.instance.version:
            # The page shows the application as it is now, with what this caseworker typed; the
            # version is brought up to date so that saving again, having looked, goes through.
            posted = cast(QueryDict, self.data).copy()
            posted[self.add_prefix("seen_version")] = str(self.instance.version)
            self.data = posted
            raise forms.ValidationError(STALE, code="stale")
        whole = data.get("step")
        decisions = self.decisions()
        if whole and whole != TAKE and decisions:
            self.add_error("step", _("请只选一种：对所有项目作同一个决定，或者逐项决定。"))
        elif whole == TAKE and self.instance.status not in OPEN_STATUSES:
            self.add_error("step", _("这件申请已经审核完毕。"))
        elif whole and whole != TAKE:
            able = [c for c in self.claims if STEPS[whole].source == _effective(c.status)]
            if not able:
                self.add_error("step", _("没有可以作这个决定的项目。"))
            else:
                self._check("step", whole, data.get("message", ""))
        for claim, step_name, message in decisions:
            self._check(self.claim_field(claim, "message"), step_name, message, claim)
        return data

    def _check(self, field: str, step_name: str, message: str, claim: Claim | None = None) -> None:
        status = STEPS[step_name].source if claim is None else _effective(claim.status)
        try:
            step_check(status=status, step_name=step_name, message=message)
        except ReviewRefused as refused:
            self.add_error(field, refused.message)


class ReviewAdmin(QueueAdmin):
    form = ReviewForm

    # --- the change page --------------------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> Any:
        whole = obj is not None and self.has_change_permission(request, obj)
        applicant = [
            "reference",
            "status",
            "applicant_name",
            "id_number" if whole else "id_masked",
            "phone",
            "bank_account" if whole else "bank_masked",
            "jurisdiction",
            "amount",
            "created_at",
        ]
        fieldsets: list[tuple[Any, dict]] = [
            (_("申请"), {"fields": applicant}),
            (
                _("申请的待遇：申请时与按今天的政策重新计算"),
                {"fields": ["review_display", "rules_version", "as_of"]},
            ),
            (_("家庭情况（申请时填写）"), {"fields": ["answers_display"]}),
            (_("申请人上传的材料"), {"fields": ["documents_display"]}),
            (_("审核记录（只读）"), {"fields": ["history_display"]}),
        ]
        if whole:
            fieldsets.append(
                (_("审核"), {"fields": ["step", "message", "internal_note", "seen_version"]})
            )
        else:
            fieldsets.append((_("逐项状态"), {"fields": ["claims_display"]}))
        return fieldsets

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        readonly = [
            "reference",
            "status",
            "applicant_name",
            "id_number",
            "id_masked",
            "phone",
            "bank_account",
            "bank_masked",
            "jurisdiction",
            "amount",
            "created_at",
            "review_display",
            "rules_version",
            "as_of",
            "answers_display",
            "documents_display",
            "history_display",
            "claims_display",
        ]
        if obj is not None and not self.has_change_permission(request, obj):
            readonly.append("internal_note")
        return readonly

    @admin.display(description=gettext_lazy("收款账号"))
    def bank_masked(self, obj: Application) -> str:
        return obj.bank_account_masked

    @admin.display(description=gettext_lazy("对照"))
    def review_display(self, obj: Application) -> SafeString:
        return render_to_string(
            "admin/applications/application/_review.html",
            {"rows": application_review(application=obj), "today": timezone.localdate()},
        )

    @admin.display(description=gettext_lazy("答卷"))
    def answers_display(self, obj: Application) -> SafeString:
        """Every fact the engine read, as the parent answered it: places by name and code."""
        answers = obj.answers
        places = places_get()

        def place(code: str | None, unknown: str = "—") -> str:
            return f"{places.name(code)}（{code}）" if code else unknown

        separator = pgettext("between facts", "；")
        lines = [(_("居住地"), place(answers["jurisdiction"]))]
        for parent in answers["parents"]:
            facts = [_("户口 %(place)s") % {"place": place(parent.get("hukou"), _("未填写"))}]
            if parent.get("employed") is False:
                facts.append(_("不在用人单位工作"))
            else:
                work = place(parent.get("works_in"), _("与居住地相同"))
                facts.append(_("在职；用人单位所在地 %(place)s") % {"place": work})
            if parent.get("unemployment_benefit"):
                facts.append(
                    _("领取失业保险金每月 %(amount)s 元")
                    % {"amount": parent["unemployment_benefit"]}
                )
            role = str(HouseholdParent.Role(parent["role"]).label)
            lines.append((role, separator.join(facts)))
        for index, child in enumerate(answers["children"]):
            born = child.get("birth_date")
            facts = [
                _("出生 %(day)s") % {"day": born}
                if born
                else _("预产期 %(day)s") % {"day": child.get("expected_date")},
                _("户口 %(place)s") % {"place": place(child.get("hukou"), _("未填写"))},
            ]
            if child.get("of_this_couple") is False:
                facts.append(_("不是这对夫妻共同生育"))
            if child.get("difficult_birth"):
                facts.append(_("难产"))
            lines.append((_("孩子 %(n)s") % {"n": index + 1}, separator.join(facts)))
        return format_html_join("", "<div><strong>{}</strong>：{}</div>", lines)

    @admin.display(description=gettext_lazy("记录"))
    def history_display(self, obj: Application) -> SafeString:
        return render_to_string(
            "admin/applications/application/_history.html",
            {
                "events": obj.events.select_related("actor", "claim").order_by("created_at", "id"),
                "notifications": obj.notifications.order_by("created_at", "id"),
            },
        )

    @admin.display(description=gettext_lazy("材料"))
    def documents_display(self, obj: Application) -> SafeString:
        return render_to_string(
            "admin/applications/application/_documents.html",
            {"documents": obj.documents.order_by("uploaded_at", "id"), "application": obj},
        )

    @admin.display(description=gettext_lazy("申请项目"))
    def claims_display(self, obj: Application) -> SafeString:
        return render_to_string(
            "admin/applications/application/_claims.html",
            {"rows": [(claim, None, None) for claim in obj.claims.all()]},
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        """The note, then taking the application on when a decision needs it, then the
        decisions: one transaction, so the parent is told once, of all of it."""
        data = form.cleaned_data
        version = data["seen_version"]
        whole = data.get("step")
        decisions = form.decisions()
        with transaction.atomic():
            if "internal_note" in form.changed_data:
                application_note_update(
                    application=obj, actor=request.user, version=version, note=data["internal_note"]
                )
                version = obj.version
            submitted = any(claim.status == ClaimStatus.SUBMITTED for claim in form.claims)
            if whole == TAKE or (submitted and (decisions or whole)):
                application_take(application=obj, actor=request.user, version=version)
                version = obj.version
            if whole and whole != TAKE:
                claims_step(
                    application=obj,
                    step_name=whole,
                    actor=request.user,
                    version=version,
                    message=data.get("message", ""),
                )
            elif decisions:
                fresh = {claim.pk: claim for claim in obj.claims.all()}
                claims_decide(
                    application=obj,
                    decisions=[
                        Decision(fresh[claim.pk], step_name, message)
                        for claim, step_name, message in decisions
                    ],
                    actor=request.user,
                    version=version,
                )

    def render_change_form(
        self, request: HttpRequest, context: dict[str, Any], *args: Any, **kwargs: Any
    ) -> HttpResponse:
        form = context.get("adminform") and context["adminform"].form
        if isinstance(form, ReviewForm):
            context["claim_rows"] = form.claim_rows()
        return super().render_change_form(request, context, *args, **kwargs)

    def get_urls(self) -> list[Any]:
        document = path(
            "<path:object_id>/documents/<int:document_id>/",
            self.admin_site.admin_view(self.document_view),
            name="applications_application_document",
        )
        return [document, *super().get_urls()]

    def document_view(self, request: HttpRequest, object_id: str, document_id: int) -> Any:
        """A parent's document, to a caseworker who may see the application: never a public
        URL. Shown in the browser where it can be (PDF, JPEG, PNG) in a sandbox, else
        downloaded (HEIC)."""
        application = self.get_object(request, object_id)
        if not self.has_view_permission(request, application) or not request.user.has_perm(
            "applications.view_document"
        ):
            raise PermissionDenied
        document = get_object_or_404(Document, pk=document_id, application=application)
        kind = KINDS.get(document.content_type, HEIC)
        response = FileResponse(
            document.file.open("rb"),
            content_type=kind.content_type,
            as_attachment=not kind.inline,
            filename=f"{application.reference}-{document.pk}.{kind.extension}",
        )
        response["Content-Security-Policy"] = "sandbox"
        response["Cache-Control"] = "private, no-store"
        return response

    def changeform_view(
        self, request: HttpRequest, object_id: Any = None, *args: Any, **kwargs: Any
    ) -> HttpResponse:
        try:
            return super().changeform_view(request, object_id, *args, **kwargs)
        except ReviewRefused:  # lost a race after the form was checked: nothing was saved
            pass
        # Once more: the form now finds the other change (a stale version) and is shown again
        # with its error and everything typed, as if the race had been lost in clean().
        try:
            return super().changeform_view(request, object_id, *args, **kwargs)
        except ReviewRefused as refused:  # raced twice over: say so and show the page afresh
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(request.path)
