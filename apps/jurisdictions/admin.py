from django.contrib import admin

from apps.jurisdictions.models import Jurisdiction


@admin.register(Jurisdiction)
class JurisdictionAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "name_en", "level", "parent"]
    list_filter = ["level"]
    search_fields = ["code", "name", "name_en"]
    list_select_related = ["parent"]
    raw_id_fields = ["parent"]
    ordering = ["code"]
