"""What runs on the task queue (config/celery.py), and how it is sent there: telling parents,
recomputing after a policy change, large exports. With no broker configured each task runs at
once in the process that sends it."""

from __future__ import annotations

from datetime import date
from typing import Any

from celery import shared_task
from django.db import transaction
from django.db.utils import InterfaceError, OperationalError
from django.utils import timezone

from apps.applications.exports import export_file_write
from apps.applications.models import Application, ExportFile, RecomputeRun
from apps.applications.notifications import notifications_send
from apps.applications.recompute import (
    applications_open,
    households_answered,
    recompute_chunk,
    recompute_plan,
)
from apps.benefits.selectors import rules_current

DATABASE_AWAY = (OperationalError, InterfaceError)


@shared_task(autoretry_for=DATABASE_AWAY, retry_backoff=True, max_retries=8)
def notify(application_id: int) -> int:
    """Send the messages for an application's steps not yet told; how many were written."""
    return len(notifications_send(application_id=application_id))


def application_notify(*, application: Application) -> None:
    """Tell the parent of the application's new steps, once the current transaction commits."""
    pk = application.pk
    transaction.on_commit(lambda: notify.delay(pk), robust=True)


# --- Recomputing after a policy change ----------------------------------------------------------


@shared_task(autoretry_for=DATABASE_AWAY, retry_backoff=True, max_retries=8)
def recompute(run_id: int) -> int:
    """Plan a run (or find the chunks of one planned before) and send each chunk not done to the
    queue, where every worker takes them; how many were sent. Run at once (no broker), the
    chunks run one after the other in this process."""
    pending = recompute_plan(run_id)
    for chunk_id in pending:
        recompute_part.delay(chunk_id)
    return len(pending)


@shared_task(autoretry_for=DATABASE_AWAY, retry_backoff=True, max_retries=8)
def recompute_part(chunk_id: int) -> bool:
    """One chunk of a run; nothing if it is done already (a chunk sent twice counts once)."""
    return recompute_chunk(chunk_id)


def recompute_start(*, reason: str, as_of: date | None = None) -> RecomputeRun:
    """A new run under the rules loaded now; it is planned once the current transaction commits."""
    run = RecomputeRun.objects.create(
        reason=reason[:200],
        rules_version=rules_current().version,
        as_of=as_of or timezone.localdate(),
        households_total=households_answered().count(),
        applications_total=applications_open().count(),
    )
    pk = run.pk
    transaction.on_commit(lambda: recompute.delay(pk), robust=True)
    return run


def recompute_resume(*, run: RecomputeRun) -> None:
    """Send a stalled or failed run back to the queue: its chunks not done are sent again."""
    RecomputeRun.objects.filter(pk=run.pk).update(state=RecomputeRun.State.QUEUED, error="")
    transaction.on_commit(lambda: recompute.delay(run.pk), robust=True)


# --- Large exports -------------------------------------------------------------------------------


@shared_task(autoretry_for=DATABASE_AWAY, retry_backoff=True, max_retries=8)
def export_approved(export_id: int) -> int:
    """Write a queued masked export; how many rows it has."""
    export = ExportFile.objects.get(pk=export_id)
    if export.state != ExportFile.State.DONE:
        try:
            export_file_write(export)
        except Exception:
            ExportFile.objects.filter(pk=export_id).update(state=ExportFile.State.FAILED)
            raise
    return export.rows


def export_start(*, user: Any, application_ids: list[int]) -> ExportFile:
    export = ExportFile.objects.create(requested_by=user, application_ids=application_ids)
    pk = export.pk
    transaction.on_commit(lambda: export_approved.delay(pk), robust=True)
    return export
