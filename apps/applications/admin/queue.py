"""The caseworkers' queue: who sees which applications, how the list reads, how to find one,
and taking applications on. A caseworker sees the applications of the places they are assigned
to and every place under them, nothing else: the queryset is scoped, the object is checked, and
another place's application is a 404."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import (
    Exists,
    OuterRef,
    QuerySet,
)
from django.http import Http404, HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from apps.applications.id_numbers import id_number_normalise
from apps.applications.models import OPEN_STATUSES, Application, Claim
from apps.applications.selectors import application_in_scope, applications_visible
from apps.applications.services import ReviewRefused, application_take, id_number_digest
from apps.benefits.engine import CASH_CATEGORIES
from apps.benefits.models import Program
from apps.benefits.services import current_lang

if TYPE_CHECKING:
    from django.db.models.expressions import Combinable


class ProgramFilter(admin.SimpleListFilter):
    title = gettext_lazy("申请的项目")
    parameter_name = "program"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        """The cash programs, from the program table (a few dozen rows), not from the claims
        (hundreds of thousands)."""
        name = "name_en" if current_lang() == "en" else "name_zh"
        return list(
            Program.objects.filter(category__in=CASH_CATEGORIES)
            .order_by("slug")
            .values_list("slug", name)
        )

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if not self.value():
            return queryset
        return queryset.filter(
            Exists(Claim.objects.filter(application=OuterRef("pk"), program=self.value()))
        )


class AssigneeFilter(admin.SimpleListFilter):
    title = gettext_lazy("经办人")
    parameter_name = "assignee"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("me", _("我的案件")), ("none", _("尚无人接手"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        if self.value() == "me":
            return queryset.filter(assignee=request.user)
        if self.value() == "none":
            return queryset.filter(assignee__isnull=True)
        return queryset


class QueueAdmin(admin.ModelAdmin):
    list_display = [
        "reference",
        "applicant_name",
        "id_masked",
        "jurisdiction_name",
        "programs_display",
        "amount",
        "status",
        "assignee",
        "days_waiting",
        "parent_replied",
        "possible_duplicate",
        "created_at",
    ]
    list_filter = [
        "status",
        AssigneeFilter,
        "parent_replied",
        "possible_duplicate",
        "rules_changed",
        ProgramFilter,
        ("jurisdiction", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["jurisdiction", "assignee"]
    list_per_page = 50
    show_full_result_count = False  # one count of the filtered queue, not a second of all of it
    search_fields = ["reference", "applicant_name"]
    search_help_text = gettext_lazy("按申请编号、申请人姓名或完整的身份证号码查找")
    actions = ["take_selected"]

    # --- who sees what ---------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet[Application]:
        return applications_visible(user=request.user).prefetch_related("claims")

    def get_ordering(self, request: HttpRequest) -> list[str | Combinable]:
        return ["queue_rank", "created_at", "pk"]  # the oldest open applications first

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

    @admin.display(description=gettext_lazy("身份证号码"))
    def id_masked(self, obj: Application) -> str:
        return obj.id_number_masked

    @admin.display(description=gettext_lazy("居住地"), ordering="jurisdiction__name")
    def jurisdiction_name(self, obj: Application) -> str:
        return obj.jurisdiction.name

    @admin.display(description=gettext_lazy("项目"))
    def programs_display(self, obj: Application) -> str:
        names = dict.fromkeys(claim.name for claim in obj.claims.all())
        return pgettext("between names", "、").join(names)

    @admin.display(description=gettext_lazy("已等待（天）"), ordering="created_at")
    def days_waiting(self, obj: Application) -> int | str:
        """Days since the application came in, while it waits for a decision."""
        if obj.status not in OPEN_STATUSES:
            return "—"
        return (timezone.localdate() - timezone.localdate(obj.created_at)).days

    @admin.action(description=gettext_lazy("接手审核所选申请"), permissions=["change"])
    def take_selected(self, request: HttpRequest, queryset: QuerySet) -> None:
        done, refused = 0, []
        for application in queryset.order_by("created_at"):
            try:
                application_take(
                    application=application, actor=request.user, version=application.version
                )
                done += 1
            except ReviewRefused as refusal:
                refused.append(f"{application.reference}：{refusal.message}")
        if done:
            self.message_user(request, _("已接手 %(n)d 件申请。") % {"n": done}, messages.SUCCESS)
        for line in refused:
            self.message_user(request, line, messages.WARNING)

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        term = id_number_normalise(search_term)  # "331126 1988-0202 4569" is an ID number too
        if len(term) == 18 and term[:17].isdigit():  # a whole ID number: found by its digest
            return queryset.filter(id_number_hash=id_number_digest(term)), False
        return super().get_search_results(request, queryset, search_term)
