"""The masked list of approved claims, as CSV for a spreadsheet: a list to check, never to pay
from (the bank file is a payment batch's). Written row by row from the columns it needs, so its
memory does not grow with its length: streamed to the browser when short, written to a file by
the task queue when long (EXPORT_INLINE_ROWS)."""

from __future__ import annotations

import csv
import io
import tempfile
import uuid
from collections.abc import Iterable, Iterator

from django.core.files import File
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy

from apps.applications.models import (
    FORMULA_START,
    Application,
    Claim,
    ClaimStatus,
    ExportFile,
    mask,
)

# Applications per query when an export is written from a list of them: the queries' parameters
# stay few (SQLite allows 32,766) and the rows in memory stay bounded, however long the list.
IDS_PER_QUERY = 2000

CSV_COLUMNS = [
    gettext_lazy("申请编号"),
    gettext_lazy("申请人"),
    gettext_lazy("身份证号码"),
    gettext_lazy("手机号码"),
    gettext_lazy("收款账号"),
    gettext_lazy("项目"),
    gettext_lazy("孩子出生日期"),
    gettext_lazy("金额（元）"),
    gettext_lazy("居住地"),
    gettext_lazy("批准时间"),
]


def csv_cell(value: str) -> str:
    """A cell a spreadsheet shows as text: one that would start a formula gets a leading '."""
    return f"'{value}" if value.startswith(FORMULA_START) else value


def approved_claims(application_ids: QuerySet | Iterable[int]) -> QuerySet[Claim]:
    """The approved (or paid) claims of these applications, with only the columns written."""
    return (
        Claim.objects.filter(
            application__in=application_ids,
            status__in=(ClaimStatus.APPROVED, ClaimStatus.PAID),
        )
        .select_related("application__jurisdiction")
        .only(
            "name",
            "child_date",
            "amount",
            "decided_at",
            "application__reference",
            "application__created_at",
            "application__applicant_name",
            "application__id_number",
            "application__phone",
            "application__bank_account",
            "application__jurisdiction__name",
        )
        .order_by("application__created_at", "id")
    )


def approved_csv(claims: QuerySet[Claim] | Iterable[Claim]) -> Iterator[str]:
    """The file, a line at a time: a BOM (so Excel reads UTF-8), the header, a row a claim."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)

    def line(values: Iterable[str]) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield "\ufeff" + line(str(column) for column in CSV_COLUMNS)
    rows = claims.iterator(chunk_size=2000) if isinstance(claims, QuerySet) else claims
    for claim in rows:
        application = claim.application
        decided = timezone.localtime(claim.decided_at) if claim.decided_at else None
        yield line(
            csv_cell(value)
            for value in [
                application.reference,
                application.applicant_name,
                application.id_number_masked,
                mask(application.phone, keep=3),
                application.bank_account_masked,
                claim.name,
                claim.child_date.isoformat() if claim.child_date else "",
                f"{claim.amount:.2f}",
                application.jurisdiction.name,
                decided.strftime("%Y-%m-%d %H:%M") if decided else "",
            ]
        )


def exported_applications(ids: list[int]) -> list[int]:
    """The applications in the export's order (when they were made), read IDS_PER_QUERY at a
    time."""
    found: list[tuple[object, int]] = []
    for start in range(0, len(ids), IDS_PER_QUERY):
        chunk = ids[start : start + IDS_PER_QUERY]
        found += Application.objects.filter(pk__in=chunk).values_list("created_at", "pk")
    return [pk for _, pk in sorted(found)]


def approved_claims_of(ids: list[int]) -> Iterator[Claim]:
    """The approved claims of these applications, in the export's order, IDS_PER_QUERY
    applications at a time."""
    ordered = exported_applications(ids)
    for start in range(0, len(ordered), IDS_PER_QUERY):
        yield from approved_claims(ordered[start : start + IDS_PER_QUERY])


def export_file_write(export: ExportFile) -> None:
    """Write a queued export's file (the task queue's work), through a temporary file: memory
    stays the same however many rows."""
    claims = approved_claims_of(export.application_ids)
    rows = -1  # the header is not a row
    with tempfile.TemporaryFile() as spool:
        for text in approved_csv(claims):
            rows += 1
            spool.write(text.encode("utf-8"))
        spool.seek(0)
        export.file.save(f"approved-{uuid.uuid4().hex}.csv", File(spool), save=False)
    export.rows = rows
    export.state = ExportFile.State.DONE
    export.finished_at = timezone.now()
    export.save()
