"""Paying, in Django admin: the masked list of approved claims that anyone reviewing may export;
the payments due; and payment runs (batches), each created from what is due up to a day,
exported once as the bank file by a payment officer, then confirmed paid or failed line by line.
Every step goes through apps.applications.payments, which audits it."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, QuerySet, Sum
from django.http import (
    FileResponse,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    StreamingHttpResponse,
)
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.applications.admin.queue import QueueAdmin
from apps.applications.exports import approved_claims, approved_csv
from apps.applications.models import BatchLine, ExportFile, Payment, PaymentBatch
from apps.applications.payments import (
    EXPORT_PERMISSION,
    PaymentRefused,
    batch_create,
    batch_export,
    batch_lines_confirm,
    payments_due,
)
from apps.applications.selectors import applications_visible
from apps.applications.tasks import export_start
from apps.benefits.engine.text import fmt_money


class ExportAdmin(QueueAdmin):
    """The queue's approved claims as a masked CSV: a list to check, never to pay from."""

    def get_urls(self) -> list[Any]:
        export = path(
            "export/",
            self.admin_site.admin_view(self.export_view),
            name="applications_application_export",
        )
        return [export, *super().get_urls()]

    def export_view(self, request: HttpRequest) -> HttpResponseBase:
        """The approved claims of the queue as it is filtered now: streamed when there are up
        to EXPORT_INLINE_ROWS, else written by the task queue to a file to download."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(reverse("admin:applications_application_changelist"))
        applications = changelist.get_queryset(request).order_by().values("pk")
        claims = approved_claims(applications)
        if claims.count() > settings.EXPORT_INLINE_ROWS:
            # Only the applications with a claim to write (not every one of the queue).
            ids = list(claims.order_by().values_list("application_id", flat=True).distinct())
            export_start(user=request.user, application_ids=ids)
            self.message_user(
                request,
                _("导出的行数较多，正在后台生成文件；完成后可在“导出文件”中下载。"),
                messages.INFO,
            )
            return HttpResponseRedirect(reverse("admin:applications_exportfile_changelist"))
        response = StreamingHttpResponse(
            approved_csv(claims), content_type="text/csv; charset=utf-8"
        )
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="approved-{stamp}.csv"'
        return response


class ExportFileAdmin(admin.ModelAdmin):
    """Large exports: each person sees their own, and downloads it when it is done."""

    list_display = ["created_at", "state", "rows", "finished_at", "download"]
    readonly_fields = ["created_at", "state", "rows", "finished_at"]
    fields = ["created_at", "state", "rows", "finished_at"]

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExportFile]:
        mine = super().get_queryset(request)
        return mine if request.user.is_superuser else mine.filter(requested_by=request.user)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("applications.view_application")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("下载"))
    def download(self, obj: ExportFile) -> str:
        if obj.state != ExportFile.State.DONE:
            return "—"
        url = reverse("admin:applications_exportfile_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("下载 CSV"))

    def get_urls(self) -> list[Any]:
        download = path(
            "<path:object_id>/download/",
            self.admin_site.admin_view(self.download_view),
            name="applications_exportfile_download",
        )
        return [download, *super().get_urls()]

    def download_view(self, request: HttpRequest, object_id: str) -> HttpResponseBase:
        export = get_object_or_404(self.get_queryset(request), pk=object_id)
        if not self.has_view_permission(request) or export.state != ExportFile.State.DONE:
            raise PermissionDenied
        stamp = timezone.localtime(export.created_at).strftime("%Y%m%d-%H%M")
        response = FileResponse(
            export.file.open("rb"),
            content_type="text/csv; charset=utf-8",
            as_attachment=True,
            filename=f"approved-{stamp}.csv",
        )
        response["Cache-Control"] = "private, no-store"
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
        return obj.period


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
        return fmt_money(obj.lines_total or Decimal(0))

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
