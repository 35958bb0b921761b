"""Parents' feedback, read in the admin: nothing is added or changed here (a message that holds
personal data by mistake may be deleted)."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from apps.households.models import Feedback


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["created_at", "excerpt", "page", "language"]
    list_filter = ["language", "created_at"]
    search_fields = ["message", "page"]
    date_hierarchy = "created_at"
    fields = ["created_at", "page", "language", "message"]
    readonly_fields = ["created_at", "page", "language", "message"]

    @admin.display(description=_("意见"))
    def excerpt(self, feedback: Feedback) -> str:
        return Truncator(feedback.message).chars(80)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
