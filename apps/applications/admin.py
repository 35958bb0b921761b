"""The caseworkers' review of applications, in Django admin.

A caseworker sees the applications of the places they are assigned to and every place under
them, nothing else: the queryset is scoped, the object is checked, and another place's
application is a 404. Every step goes through the services (state machine, version check,
audit row); the admin never saves an Application itself.
"""

from __future__ import annotations

import csv
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Exists, IntegerField, OuterRef, QuerySet, Value, When
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.applications.id_numbers import id_number_normalise
from apps.applications.models import (
    FORMULA_START,
    OPEN_STATUSES,
    Application,
    ApplicationItem,
    CaseworkerAssignment,
    Status,
    mask,
)
from apps.applications.selectors import (
    application_in_scope,
    application_review,
    applications_visible,
)
from apps.applications.services import (
    STALE,
    STEPS,
    ReviewRefused,
    application_note_update,
    application_step,
    id_number_digest,
    step_check,
    steps_available,
)
from apps.jurisdictions.selectors import places_get


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
        self.fields["step"].choices = [("", _("不改变状态"))] + [
            (step.name, step.label) for step in STEPS.values()
        ]
        # Offer only what makes sense now; anything else posted is refused in clean().
        self.fields["step"].widget.choices = [("", _("不改变状态"))] + [
            (step.name, step.label) for step in steps_available(status=self.instance.status)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("seen_version") is not None and data["seen_version"] != self.instance.version:
            # The page shows the application as it is now, with what this caseworker typed; the
            # version is brought up to date so that saving again, having looked, goes through.
            self.data = self.data.copy()
            self.data[self.add_prefix("seen_version")] = str(self.instance.version)
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


class ProgramFilter(admin.SimpleListFilter):
    title = gettext_lazy("申请的项目")
    parameter_name = "program"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        applications = model_admin.get_queryset(request).values("pk")
        return list(
            ApplicationItem.objects.filter(application__in=applications)
            .values_list("program", "name")
            .distinct()
            .order_by("program")
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        return queryset.filter(
            Exists(ApplicationItem.objects.filter(application=OuterRef("pk"), program=self.value()))
        )


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading '."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


CSV_COLUMNS = [
    gettext_lazy("申请编号"),
    gettext_lazy("申请人"),
    gettext_lazy("身份证号码"),
    gettext_lazy("手机号码"),
    gettext_lazy("收款账号"),
    gettext_lazy("金额（元）"),
    gettext_lazy("项目"),
    gettext_lazy("居住地"),
    gettext_lazy("提交时间"),
]


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin):
    form = ReviewForm
    list_display = [
        "reference",
        "applicant_name",
        "id_masked",
        "jurisdiction_name",
        "programs_display",
        "amount",
        "status",
        "created_at",
    ]
    list_filter = [
        "status",
        ProgramFilter,
        ("jurisdiction", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["jurisdiction"]
    list_per_page = 50
    date_hierarchy = "created_at"
    search_fields = ["reference", "applicant_name"]
    search_help_text = gettext_lazy("按申请编号、申请人姓名或完整的身份证号码查找")
    actions = ["take_selected", "mark_selected_paid"]

    # --- who sees what ---------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        open_first = Case(
            When(status__in=OPEN_STATUSES, then=Value(0)),
            When(status=Status.APPROVED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return applications_visible(user=request.user).annotate(open_rank=open_first)

    def get_ordering(self, request: HttpRequest) -> list[str]:
        return ["open_rank", "created_at"]  # the oldest open applications first

    def get_object(self, request: HttpRequest, object_id: str, from_field: Any = None) -> Any:
        application = super().get_object(request, object_id, from_field)
        if application is None:  # not there, or another place's: the same answer
            if not self.has_view_or_change_permission(request):
                raise PermissionDenied
            raise Http404
        return application

    def _in_scope(self, request: HttpRequest, obj: Application | None) -> bool:
        return obj is None or application_in_scope(user=request.user, application=obj)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_view_permission(request, obj) and self._in_scope(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return super().has_change_permission(request, obj) and self._in_scope(request, obj)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # parents apply; the admin reviews

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # the audit trail stays

    # --- the change page --------------------------------------------------------------------

    def get_fieldsets(self, request: HttpRequest, obj: Any = None) -> list[tuple[Any, dict]]:
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

    @admin.display(description=gettext_lazy("身份证号码"))
    def id_masked(self, obj: Application) -> str:
        return obj.id_number_masked

    @admin.display(description=gettext_lazy("收款账号"))
    def bank_masked(self, obj: Application) -> str:
        return obj.bank_account_masked

    @admin.display(description=gettext_lazy("居住地"), ordering="jurisdiction__name")
    def jurisdiction_name(self, obj: Application) -> str:
        return obj.jurisdiction.name

    @admin.display(description=gettext_lazy("项目"))
    def programs_display(self, obj: Application) -> str:
        return ", ".join(obj.programs)

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
            role = {"mother": _("母亲"), "father": _("父亲")}.get(parent["role"], parent["role"])
            lines.append((role, "；".join(facts)))
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
            lines.append((_("孩子 %(n)s") % {"n": index + 1}, "；".join(facts)))
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

    # --- the queue's actions and the payment export ------------------------------------------

    def _bulk_step(self, request: HttpRequest, queryset: QuerySet, step_name: str) -> None:
        done, refused = 0, []
        for application in queryset.order_by("created_at"):
            try:
                application_step(
                    application=application,
                    step_name=step_name,
                    actor=request.user,
                    version=application.version,
                )
                done += 1
            except ReviewRefused as refusal:
                refused.append(f"{application.reference}：{refusal.message}")
        if done:
            self.message_user(request, _("已处理 %(n)d 件申请。") % {"n": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    @admin.action(description=gettext_lazy("接手审核所选申请"), permissions=["change"])
    def take_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._bulk_step(request, queryset, "take")

    @admin.action(description=gettext_lazy("将所选已批准申请标记为已发放"), permissions=["change"])
    def mark_selected_paid(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._bulk_step(request, queryset, "mark_paid")

    def get_urls(self) -> list[Any]:
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_view),
            name="applications_application_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        """The approved applications of the queue as it is filtered now, masked, as CSV."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:applications_application_changelist"))
        approved = changelist.get_queryset(request).filter(status=Status.APPROVED)
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="approved-{stamp}.csv"'
        response.write("\ufeff")  # a BOM, so Excel reads the file as UTF-8
        writer = csv.writer(response)
        writer.writerow([str(column) for column in CSV_COLUMNS])
        for application in approved.select_related("jurisdiction"):
            writer.writerow(
                csv_cell(value)
                for value in [
                    application.reference,
                    application.applicant_name,
                    application.id_number_masked,
                    mask(application.phone, keep=3),
                    application.bank_account_masked,
                    f"{application.amount:.2f}",
                    " ".join(application.programs),
                    application.jurisdiction.name,
                    timezone.localtime(application.created_at).strftime("%Y-%m-%d %H:%M"),
                ]
            )
        return response

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        term = id_number_normalise(search_term)  # "331126 1988-0202 4569" is an ID number too
        if len(term) == 18 and term[:17].isdigit():  # a whole ID number: found by its digest
            return queryset.filter(id_number_hash=id_number_digest(term)), False
        return super().get_search_results(request, queryset, search_term)


@admin.register(CaseworkerAssignment)
class CaseworkerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "jurisdiction"]
    list_select_related = ["user", "jurisdiction"]
    raw_id_fields = ["user", "jurisdiction"]
    search_fields = ["user__username", "jurisdiction__name", "jurisdiction__code"]
