"""The review of one application: its facts, the snapshot against today's rules, the history,
and one step of the review at a time. Every step goes through the services (state machine,
version check, audit row); the admin never saves an Application itself."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, QueryDict
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from apps.applications.admin.queue import QueueAdmin
from apps.applications.models import Application
from apps.applications.selectors import application_review
from apps.applications.services import (
    STALE,
    STEPS,
    ReviewRefused,
    application_note_update,
    application_step,
    step_check,
    steps_available,
)
from apps.benefits.places import places_get
from apps.households.models import HouseholdParent


class ReviewForm(forms.ModelForm):
    """The internal note, and one step of the review with its message; carries the version the
    caseworker saw, so a stale form is refused with everything they typed shown back."""

    seen_version = forms.IntegerField(widget=forms.HiddenInput)
    step = forms.ChoiceField(
        label=gettext_lazy("审核操作"),
        required=False,
        widget=forms.RadioSelect,
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
        step = cast(forms.ChoiceField, self.fields["step"])
        step.choices = [("", _("不改变状态")), *((s.name, s.label) for s in STEPS.values())]
        # Offer only what makes sense now; anything else posted is refused in clean().
        available = steps_available(status=self.instance.status)
        step.widget.choices = [("", _("不改变状态")), *((s.name, s.label) for s in available)]

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
        if data.get("step"):
            try:
                step_check(
                    status=self.instance.status,
                    step_name=data["step"],
                    message=data.get("message", ""),
                )
            except ReviewRefused as refused:
                self.add_error("step", refused.message)
        return data


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
            (_("审核记录（只读）"), {"fields": ["history_display"]}),
        ]
        if whole:
            fieldsets.append(
                (_("审核"), {"fields": ["step", "message", "internal_note", "seen_version"]})
            )
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
            "history_display",
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
            {"events": obj.events.select_related("actor").order_by("created_at", "id")},
        )

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        data = form.cleaned_data
        version = data["seen_version"]
        if "internal_note" in form.changed_data:
            application_note_update(
                application=obj, actor=request.user, version=version, note=data["internal_note"]
            )
            version = obj.version
        if data.get("step"):
            application_step(
                application=obj,
                step_name=data["step"],
                actor=request.user,
                version=version,
                message=data.get("message", ""),
            )

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
