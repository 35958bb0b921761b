"""Policy staff edit documents and programs here, with the loader's validation. The preview of
what an edit would do to saved households and open applications is added by the applications
app (`apps.applications.admin.programs`), which may read them."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.benefits.models import PolicyDocument, Program
from apps.benefits.places import places_get


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
            "documents",
        ]

    def clean(self) -> dict[str, Any]:
        """The loader's checks across rows: inside its document's place; named programs exist."""
        super().clean()
        data = self.cleaned_data
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
