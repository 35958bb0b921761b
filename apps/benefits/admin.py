"""Policy staff edit documents and programs here, with the loader's validation. The preview of
what an edit would do to saved households and open applications is added by the applications
app (`apps.applications.admin.programs`), which may read them.

The policy files are the truth: an edit saved here lasts until the document's file is next
loaded, which overwrites it (load_policy says each field it overwrites, and --dry-run says it
before). The fields stay editable, since previewing an edit is how staff see what a change would
do before it goes into the file; the form and the message after saving say so.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.benefits.models import PolicyDocument, Program
from apps.benefits.places import places_get

FROM_THE_FILE = gettext_lazy(
    "这些字段来自 fixtures/policies/ 中的政策文件。在这里保存的修改只保留到下次加载该文件："
    "load_policy 会用文件的内容覆盖它们（并逐项列出被覆盖的字段），文件中没有的项目会被删除。"
    "要长期生效，请修改文件并加载。"
)


def _warn_until_the_file_is_loaded(
    request: HttpRequest, model_admin: admin.ModelAdmin, document: PolicyDocument, change: bool
) -> None:
    if change:
        message = _(
            "已保存到数据库，但政策文件没有改：下次加载政策文件 %(document)s 时，"
            "这里的修改会被文件的内容覆盖。请把同样的修改写进文件。"
        )
    else:
        message = _(
            "已保存到数据库，但政策文件中没有它：下次加载政策文件 %(document)s 时，"
            "它会被删除。请把它写进文件。"
        )
    model_admin.message_user(request, message % {"document": document.key}, messages.WARNING)


@admin.register(PolicyDocument)
class PolicyDocumentAdmin(admin.ModelAdmin):
    list_display = ["key", "citation_name", "jurisdiction", "in_force_from", "in_force_to"]
    list_filter = ["jurisdiction__level"]
    list_select_related = ["jurisdiction"]
    search_fields = ["key", "number", "title", "issuer"]
    raw_id_fields = ["jurisdiction"]
    readonly_fields = ["updated_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "key",
                    "number",
                    "title",
                    "issuer",
                    "jurisdiction",
                    "issued_on",
                    "in_force_from",
                    "in_force_to",
                    "url",
                    "source",
                    "updated_at",
                ],
                "description": FROM_THE_FILE,
            },
        )
    ]

    @admin.display(description=gettext_lazy("文号或标题"), ordering="number")
    def citation_name(self, obj: PolicyDocument) -> str:
        return obj.citation_name

    def save_model(
        self, request: HttpRequest, obj: PolicyDocument, form: forms.ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change:  # a new document is in no file yet: no load touches it
            _warn_until_the_file_is_loaded(request, self, obj, change)


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
    fieldsets = [
        (None, {"fields": [*ProgramForm.Meta.fields, "updated_at"], "description": FROM_THE_FILE})
    ]

    def save_model(
        self, request: HttpRequest, obj: Program, form: forms.ModelForm, change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        _warn_until_the_file_is_loaded(request, self, obj.document, change)
