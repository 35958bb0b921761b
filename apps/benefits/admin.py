"""Policy staff edit documents and programs here, with the loader's validation, and can preview
what an edit would do to saved households and open applications before saving it."""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.utils import unquote
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.benefits import impact as policy_impact
from apps.benefits.models import PolicyDocument, Program
from apps.jurisdictions.selectors import places_get


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    list_display = ["key", "citation_name", "jurisdiction", "in_force_from", "in_force_to"]
    list_filter = ["jurisdiction__level"]
    list_select_related = ["jurisdiction"]
    search_fields = ["key", "number", "title", "issuer"]
    raw_id_fields = ["jurisdiction"]
    readonly_fields = ["updated_at"]

    @admin.display(description=gettext_lazy("文号或标题"), ordering="number")
    def citation_name(self, obj: PolicyDocument) -> str:
        return obj.citation_name


class ProgramForm(forms.ModelForm):
    class Meta:
        model = Program
        fields = [
            "slug",
            "document",
            "name_zh",
            "name_en",
            "jurisdiction",
            "clause",
            "clause_confidence",
            "clause_text",
            "category",
            "kind",
            "basis",
            "params",
            "events_from",
            "events_to",
            "apply_within_days",
            "apply_by",
            "follows",
            "conditions",
            "replaces",
            "paid_once_group",
            "notes",
        ]

    def _update_errors(self, errors: ValidationError) -> None:
        """Put each of Program.clean()'s problems on its form field: 'conditions[0].subject'
        belongs to conditions, 'params.amounts' to params."""
        if hasattr(errors, "error_dict"):
            placed: dict[str, list[Any]] = {}
            for key, messages in errors.error_dict.items():
                match = re.match(r"[a-z_]+", key)
                name = match.group(0) if match else NON_FIELD_ERRORS
                if name not in self.fields:
                    name = NON_FIELD_ERRORS
                placed.setdefault(name, []).extend(messages)
            errors = ValidationError(placed)
        super()._update_errors(errors)

    def clean(self) -> dict[str, Any]:
        """The loader's checks across rows: inside its document's place; named programs exist."""
        data = super().clean()
        document, place = data.get("document"), data.get("jurisdiction")
        if document and place and not places_get().within(place.pk, document.jurisdiction_id):
            self.add_error(
                "jurisdiction",
                _("%(code)s 不在政策文件的地区 %(outer)s 之内")
                % {"code": place.pk, "outer": document.jurisdiction_id},
            )
        named = list(data.get("replaces") or []) if isinstance(data.get("replaces"), list) else []
        params = data.get("params")
        if isinstance(params, dict) and params.get("replaced_by"):
            named.append(params["replaced_by"])
        known = set(Program.objects.filter(slug__in=named).values_list("slug", flat=True))
        for slug in named:
            if slug not in known and slug != data.get("slug"):
                field_name = "replaces" if slug in (data.get("replaces") or []) else "params"
                self.add_error(field_name, _("没有标识为 %(slug)r 的项目") % {"slug": slug})
        return data


@admin.register(Program)
class ProgramAdmin(admin.ModelAdmin):
    form = ProgramForm
    list_display = [
        "slug",
        "name_zh",
        "category",
        "basis",
        "kind",
        "jurisdiction",
        "document",
        "updated_at",
    ]
    list_filter = [
        "category",
        "basis",
        "follows",
        "clause_confidence",
        "kind",
        "jurisdiction__level",
    ]
    list_select_related = ["jurisdiction", "document"]
    search_fields = ["slug", "name_zh", "name_en", "clause"]
    raw_id_fields = ["jurisdiction", "document"]
    readonly_fields = ["updated_at"]
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
            list(fieldsets),
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
