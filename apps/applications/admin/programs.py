"""The policy staff's preview of a program change: the program editor of the benefits app, with
a button that evaluates every saved household and open application under the current rules and
under the edited ones, before anything is saved."""

from __future__ import annotations

from typing import Any

from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from apps.applications import impact as policy_impact
from apps.benefits.admin import ProgramAdmin


class ProgramImpactAdmin(ProgramAdmin):
    change_form_template = "admin/benefits/program/change_form.html"

    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "POST" and "_preview_impact" in request.POST:
            return self._impact_view(request, object_id, form_url)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def _impact_view(
        self, request: HttpRequest, object_id: str | None, form_url: str
    ) -> HttpResponse:
        """The change form again, as edited, with what saving it would do: nothing is saved."""
        obj = self.get_object(request, unquote(object_id)) if object_id else None
        if object_id and obj is None:
            raise Http404(_("没有这个项目。"))
        add = obj is None
        if not (
            self.has_add_permission(request) if add else self.has_change_permission(request, obj)
        ):
            raise PermissionDenied
        form_class = self.get_form(request, obj, change=not add)
        form = form_class(request.POST, request.FILES, instance=obj)
        impact = (
            policy_impact.impact_preview(changed=[form.instance], limit=policy_impact.PREVIEW_LIMIT)
            if form.is_valid()
            else None
        )
        fieldsets = self.get_fieldsets(request, obj)
        admin_form = helpers.AdminForm(
            form,
            list(fieldsets),  # type: ignore[arg-type]  # django-stubs: AdminForm takes any fieldsets
            self.get_prepopulated_fields(request, obj) if add else {},
            self.get_readonly_fields(request, obj),
            model_admin=self,
        )
        context = {
            **self.admin_site.each_context(request),
            "title": _("预览影响"),
            "subtitle": str(obj) if obj else None,
            "adminform": admin_form,
            "object_id": object_id,
            "original": obj,
            "is_popup": False,
            "to_field": None,
            "media": self.media + admin_form.media,
            "inline_admin_formsets": [],
            "errors": helpers.AdminErrorList(form, []),
            "preserved_filters": self.get_preserved_filters(request),
            "impact": impact,
            "impact_limited": [
                (label, count)
                for label, count in (
                    (_("已保存的家庭"), impact.households),
                    (_("未办结的申请"), impact.applications),
                )
                if count.limited
            ]
            if impact
            else [],
        }
        return self.render_change_form(
            request, context, add=add, change=not add, obj=obj, form_url=form_url
        )
