"""Paying, in Django admin: the masked list of approved claims that anyone reviewing may export;
the payments due; and payment runs (batches), each created from what is due up to a day,
exported once as the bank file by a payment officer, then confirmed paid or failed line by line.
Every step goes through apps.applications.payments, which audits it."""

from __future__ import annotations

import csv
from datetime import date
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.applications.admin.queue import QueueAdmin
from apps.applications.models import (
    FORMULA_START,
    BatchLine,
    Claim,
    ClaimStatus,
    Payment,
    PaymentBatch,
    mask,
)
from apps.applications.payments import (
    EXPORT_PERMISSION,
    PaymentRefused,
    batch_create,
    batch_export,
    batch_lines_confirm,
    payments_due,
)
from apps.applications.selectors import applications_visible


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading '."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


CSV_COLUMNS = [
    gettext_lazy("申请编号"),
    gettext_lazy("申请人"),
    gettext_lazy("身份证号码"),
    gettext_lazy("手机号码"),
    gettext_lazy("收款账号"),
    gettext_lazy("项目"),
    gettext_lazy("孩子出生日期"),
    gettext_lazy("金额（元）"),
    gettext_lazy("居住地"),
    gettext_lazy("批准时间"),
]


class ExportAdmin(QueueAdmin):
    """The queue's approved claims as a masked CSV: a list to check, never to pay from."""

    def get_urls(self) -> list[Any]:
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_view),
            name="applications_application_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:applications_application_changelist"))
        claims = (
            Claim.objects.filter(
                application__in=changelist.get_queryset(request).values("pk"),
                status__in=(ClaimStatus.APPROVED, ClaimStatus.PAID),
            )
            .select_related("application__jurisdiction")
            .order_by("application__created_at", "id")
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="approved-{stamp}.csv"'
        response.write("\ufeff")  # a BOM, so Excel reads the file as UTF-8
        writer = csv.writer(response)
        writer.writerow([str(column) for column in CSV_COLUMNS])
        for claim in claims:
            application = claim.application
            decided = timezone.localtime(claim.decided_at) if claim.decided_at else None
            writer.writerow(
                csv_cell(value)
                for value in [
                    application.reference,
                    application.applicant_name,
                    application.id_number_masked,
                    mask(application.phone, keep=3),
                    application.bank_account_masked,
                    claim.name,
                    claim.child_date.isoformat() if claim.child_date else "",
                    f"{claim.amount:.2f}",
                    application.jurisdiction.name,
                    decided.strftime("%Y-%m-%d %H:%M") if decided else "",
                ]
            )
        return response


# --- Payments due ---------------------------------------------------------------------------


class PaymentAdmin(admin.ModelAdmin):
    """Every instalment of the approved claims a user acts on: due, in a batch, or paid."""

    list_display = ["reference", "claim_name", "period", "amount", "due_on", "state"]
    list_filter = ["state", "due_on"]
    list_select_related = ["claim__application"]
    search_fields = ["claim__application__reference"]
    date_hierarchy = "due_on"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Payment]:
        visible = applications_visible(user=request.user).values("pk")
        return super().get_queryset(request).filter(claim__application__in=visible)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # approving a claim makes its payments

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # a batch moves them

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("申请编号"), ordering="claim__application__reference")
    def reference(self, obj: Payment) -> str:
        return obj.claim.application.reference

    @admin.display(description=gettext_lazy("项目"))
    def claim_name(self, obj: Payment) -> str:
        return obj.claim.name

    @admin.display(description=gettext_lazy("期间"))
    def period(self, obj: Payment) -> str:
        return f"{obj.period_start} – {obj.period_end or ''}".rstrip(" –")


# --- Payment runs ---------------------------------------------------------------------------


class BatchRunForm(forms.Form):
    due_up_to = forms.DateField(
        label=gettext_lazy("应发日期截至"),
        help_text=gettext_lazy("这一天及以前应发、尚未列入批次的款项，都列入新批次。"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"required": gettext_lazy("请填写日期。")},
    )


class ConfirmForm(forms.Form):
    lines = forms.ModelMultipleChoiceField(
        queryset=BatchLine.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": gettext_lazy("请至少选择一笔。")},
    )
    note = forms.CharField(label=gettext_lazy("说明"), required=False, max_length=200)

    def __init__(self, *args: Any, batch: PaymentBatch, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        pending = batch.lines.filter(result=BatchLine.Result.PENDING)
        self.fields["lines"].queryset = pending  # type: ignore[attr-defined]


class PaymentBatchAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "due_up_to",
        "line_count",
        "total",
        "created_by",
        "created_at",
        "exported_at",
        "pending_count",
    ]
    list_select_related = ["created_by"]
    readonly_fields = [
        "reference",
        "due_up_to",
        "created_by",
        "created_at",
        "exported_by",
        "exported_at",
    ]
    change_form_template = "admin/applications/paymentbatch/change_form.html"
    change_list_template = "admin/applications/paymentbatch/change_list.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[PaymentBatch]:
        visible = applications_visible(user=request.user).values("pk")
        in_scope = BatchLine.objects.filter(
            batch=OuterRef("pk"), payment__claim__application__in=visible
        )
        return (
            super()
            .get_queryset(request)
            .filter(Exists(in_scope))
            .annotate(
                lines_n=Count("lines"),
                lines_total=Sum("lines__amount"),
            )
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # a run is made by `run_view`, from what is due

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("笔数"), ordering="lines_n")
    def line_count(self, obj: Any) -> int:
        return obj.lines_n

    @admin.display(description=gettext_lazy("合计（元）"), ordering="lines_total")
    def total(self, obj: Any) -> str:
        return f"{obj.lines_total or 0:.2f}"

    @admin.display(description=gettext_lazy("待确认"))
    def pending_count(self, obj: PaymentBatch) -> int:
        return obj.lines.filter(result=BatchLine.Result.PENDING).count()

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("run/", view(self.run_view), name="applications_paymentbatch_run"),
            path(
                "<path:object_id>/export/",
                view(self.export_view),
                name="applications_paymentbatch_export",
            ),
            path(
                "<path:object_id>/confirm/",
                view(self.confirm_view),
                name="applications_paymentbatch_confirm",
            ),
            *super().get_urls(),
        ]

    def _batch(self, request: HttpRequest, object_id: str) -> PaymentBatch:
        return get_object_or_404(self.get_queryset(request), pk=object_id)

    def run_view(self, request: HttpRequest) -> HttpResponse:
        """A payment run: what is due up to a day, gathered into a new batch."""
        if not request.user.has_perm("applications.add_paymentbatch"):
            raise PermissionDenied
        form = BatchRunForm(request.POST or None, initial={"due_up_to": timezone.localdate()})
        up_to: date = timezone.localdate()
        if request.method == "POST" and form.is_valid():
            up_to = form.cleaned_data["due_up_to"]
            try:
                batch = batch_create(user=request.user, up_to=up_to)
            except PaymentRefused as refused:
                form.add_error("due_up_to", refused.message)
            else:
                self.message_user(request, _("已创建发放批次 %(ref)s。") % {"ref": batch.reference})
                return HttpResponseRedirect(
                    reverse("admin:applications_paymentbatch_change", args=[batch.pk])
                )
        due = payments_due(user=request.user, up_to=up_to)
        context = {
            **self.admin_site.each_context(request),
            "title": _("新建发放批次"),
            "form": form,
            "due_count": due.count(),
            "due_total": due.aggregate(total=Sum("amount"))["total"] or 0,
            "opts": self.model._meta,
        }
        return TemplateResponse(
            request, "admin/applications/paymentbatch/run.html", context, status=200
        )

    def export_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        """The bank file, once, to a payment officer; POST only, so a link cannot fire it."""
        batch = self._batch(request, object_id)
        change = reverse("admin:applications_paymentbatch_change", args=[batch.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change)
        if not request.user.has_perm(EXPORT_PERMISSION):
            raise PermissionDenied
        try:
            body = batch_export(batch=batch, user=request.user)
        except PaymentRefused as refused:
            self.message_user(request, refused.message, messages.ERROR)
            return HttpResponseRedirect(change)
        response = HttpResponse(body, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{batch.reference}.csv"'
        response["Cache-Control"] = "private, no-store"
        return response

    def confirm_view(self, request: HttpRequest, object_id: str) -> HttpResponse:
        batch = self._batch(request, object_id)
        change = reverse("admin:applications_paymentbatch_change", args=[batch.pk])
        if request.method != "POST":
            return HttpResponseRedirect(change)
        form = ConfirmForm(request.POST, batch=batch)
        if not form.is_valid():
            for errors in form.errors.values():
                for error in errors:
                    self.message_user(request, str(error), messages.ERROR)
            return HttpResponseRedirect(change)
        paid = request.POST.get("result") == "paid"
        try:
            n = batch_lines_confirm(
                lines=form.cleaned_data["lines"].select_related("batch", "payment__claim"),
                paid=paid,
                user=request.user,
                note=form.cleaned_data["note"],
            )
        except PaymentRefused as refused:
            self.message_user(request, refused.message, messages.ERROR)
        else:
            text = (
                _("已确认 %(n)d 笔已发放。")
                if paid
                else _("已确认 %(n)d 笔发放失败，重新列为待发放。")
            )
            self.message_user(request, text % {"n": n}, messages.SUCCESS)
        return HttpResponseRedirect(change)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        batch = self._batch(request, object_id)
        extra = {
            "lines": batch.lines.select_related("payment__claim__application").order_by("id"),
            "events": batch.events.select_related("actor").order_by("created_at", "id"),
            "confirm_form": ConfirmForm(batch=batch),
            "can_export": request.user.has_perm(EXPORT_PERMISSION) and batch.exported_at is None,
            "can_confirm": request.user.has_perm("applications.change_paymentbatch")
            and batch.exported_at is not None,
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
            "show_delete": False,
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})
