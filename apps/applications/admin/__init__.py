"""The caseworkers' and payment officers' work in Django admin, split by job: the queue
(`queue`), the review of one application claim by claim (`review`), and paying (`payments`:
the masked export, the payments due, payment runs); and the policy staff's preview of what a
change of program would do to saved households and open applications (`programs`)."""

from __future__ import annotations

from django.contrib import admin

from apps.applications.admin.payments import (
    ExportAdmin,
    ExportFileAdmin,
    PaymentAdmin,
    PaymentBatchAdmin,
)
from apps.applications.admin.programs import ProgramImpactAdmin
from apps.applications.admin.recompute import RecomputeRunAdmin
from apps.applications.admin.review import ReviewAdmin
from apps.applications.models import (
    Application,
    CaseworkerAssignment,
    ExportFile,
    Payment,
    PaymentBatch,
    RecomputeRun,
)
from apps.benefits.models import Program


@admin.register(Application)
class ApplicationAdmin(ReviewAdmin, ExportAdmin):
    actions = ["take_selected"]


@admin.register(CaseworkerAssignment)
class CaseworkerAssignmentAdmin(admin.ModelAdmin):
    list_display = ["user", "jurisdiction"]
    list_select_related = ["user", "jurisdiction"]
    autocomplete_fields = ["user", "jurisdiction"]
    search_fields = ["user__username", "jurisdiction__name", "jurisdiction__code"]


admin.site.register(Payment, PaymentAdmin)
admin.site.register(PaymentBatch, PaymentBatchAdmin)
admin.site.register(RecomputeRun, RecomputeRunAdmin)
admin.site.register(ExportFile, ExportFileAdmin)

# The program editor is the benefits app's; the preview of its impact reads households and
# applications, so this app, which may read them, adds it.
admin.site.unregister(Program)
admin.site.register(Program, ProgramImpactAdmin)
