"""Paying: marking approved applications paid, and the queue's approved applications as a
masked CSV for the payment office."""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.applications.admin.queue import QueueAdmin
from apps.applications.models import FORMULA_START, Status, mask


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


class PaymentsAdmin(QueueAdmin):
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
