"""Recompute runs in the admin: their progress and what changed, a button to start one, and an
action to send a stalled or failed run back to the queue."""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.applications.models import RecomputeRun
from apps.applications.tasks import recompute_resume, recompute_start


class RecomputeRunAdmin(admin.ModelAdmin):
    list_display = [
        "created_at",
        "reason",
        "rules_version",
        "state",
        "progress_display",
        "gained",
        "lost",
        "better_off",
        "worse_off",
        "amount_before",
        "amount_after",
        "applications_affected",
        "finished_at",
    ]
    list_filter = ["state"]
    actions = ["resume_selected"]
    change_list_template = "admin/applications/recomputerun/change_list.html"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        return [field.name for field in RecomputeRun._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # started by loading policies, or by the button

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("进度"))
    def progress_display(self, obj: RecomputeRun) -> str:
        return (
            f"{obj.progress}% ({obj.households_done}/{obj.households_total}, "
            f"{obj.applications_done}/{obj.applications_total})"
        )

    @admin.action(description=gettext_lazy("继续计算所选的（从中断处）"), permissions=["change"])
    def resume_selected(self, request: HttpRequest, queryset: QuerySet[RecomputeRun]) -> None:
        for run in queryset.exclude(state=RecomputeRun.State.DONE):
            recompute_resume(run=run)
        self.message_user(request, _("已重新排队。"), messages.SUCCESS)

    def get_urls(self) -> list[Any]:
        start = path(
            "start/",
            self.admin_site.admin_view(self.start_view),
            name="applications_recomputerun_start",
        )
        return [start, *super().get_urls()]

    def start_view(self, request: HttpRequest) -> HttpResponse:
        """Start a run under the rules loaded now (POST only)."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            run = recompute_start(reason=_("由 %(user)s 在管理后台发起") % {"user": request.user})
            self.message_user(
                request, _("已开始重新计算（规则版本 %(v)s）。") % {"v": run.rules_version}
            )
        return HttpResponseRedirect(reverse("admin:applications_recomputerun_changelist"))
