"""The caseworkers' work in Django admin, split by job: the queue (`queue`), the review of one
application (`review`) and paying (`payments`); and the policy staff's preview of what a change
of program would do to saved households and open applications (`programs`)."""

from __future__ import annotations

from django.contrib import admin

from apps.applications.admin.payments import PaymentsAdmin
from apps.applications.admin.programs import ProgramImpactAdmin
from apps.applications.admin.review import ReviewAdmin
from apps.applications.models import Application, CaseworkerAssignment
from apps.benefits.models import Program


@admin.register(Application)
class ApplicationAdmin(ReviewAdmin, PaymentsAdmin):
    actions = ["take_selected", "mark_selected_paid"]


@admin.register(CaseworkerAssignment)
class CaseworkerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "jurisdiction"]
    list_select_related = ["user", "jurisdiction"]
    raw_id_fields = ["user", "jurisdiction"]
    search_fields = ["user__username", "jurisdiction__name", "jurisdiction__code"]


# The program editor is the benefits app's; the preview of its impact reads households and
# applications, so this app, which may read them, adds it.
admin.site.unregister(Program)
admin.site.register(Program, ProgramImpactAdmin)
