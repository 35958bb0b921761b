"""Paying approved claims: each falls due in payments, one per period of its schedule; a payment
run gathers what is due up to a day into a batch; the batch is exported once as the bank file;
then each line is confirmed paid, or failed (and the payment falls due again).

Nothing is paid twice: a claim has one payment per period (a database constraint), a payment
joins a batch only from "due" (a conditional update), and a payment is in at most one batch that
has not failed it (a database constraint). Every step is audited.
"""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Collection, Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.models import (
    Application,
    ApplicationEvent,
    BatchEvent,
    BatchLine,
    Claim,
    ClaimStatus,
    Payment,
    PaymentBatch,
    status_of,
)
from apps.applications.selectors import applications_visible
from apps.applications.tasks import application_notify

EXPORT_PERMISSION = "applications.export_paymentbatch"
BATCH_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


class PaymentRefused(Exception):
    """A payment step that cannot be taken, said in words a payment officer understands."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def payments_create(*, claim: Claim, today: date) -> list[Payment]:
    """The approved claim's payments: one per period of its schedule, due from the period's
    start or, for a period already begun (and a one-off grant), from the day of approval."""
    payments = [
        Payment(
            claim=claim,
            period_start=date.fromisoformat(period["start"]) if period["start"] else today,
            period_end=date.fromisoformat(period["end"]) if period.get("end") else None,
            amount=Decimal(str(period["amount"])),
            due_on=max(date.fromisoformat(period["start"]) if period["start"] else today, today),
        )
        for period in claim.schedule
    ]
    return Payment.objects.bulk_create(payments)


def payments_due(*, user: Any, up_to: date) -> QuerySet[Payment]:
    """The payments due by `up_to` of the applications the user acts on, not yet in a batch."""
    visible = applications_visible(user=user)
    return Payment.objects.filter(
        state=Payment.State.DUE,
        due_on__lte=up_to,
        claim__status=ClaimStatus.APPROVED,
        claim__application__in=visible,
    ).order_by("due_on", "id")


def _batch_reference() -> str:
    code = "".join(secrets.choice(BATCH_ALPHABET) for _ in range(6))
    return f"FF-{timezone.localdate():%Y%m%d}-{code}"


def batch_create(*, user: Any, up_to: date) -> PaymentBatch:
    """A payment run: every payment due by `up_to` that no other batch has, in a new batch."""
    if not user.has_perm("applications.add_paymentbatch"):
        raise PermissionDenied
    with transaction.atomic():
        due = list(payments_due(user=user, up_to=up_to).select_for_update())
        batch = PaymentBatch.objects.create(
            reference=_batch_reference(), due_up_to=up_to, created_by=user
        )
        taken = []
        for payment in due:
            # Only from "due": a payment another run took meanwhile is left to that run.
            if Payment.objects.filter(pk=payment.pk, state=Payment.State.DUE).update(
                state=Payment.State.IN_BATCH
            ):
                taken.append(payment)
        if not taken:
            raise PaymentRefused(_("截至该日期没有待发放的款项。"))
        BatchLine.objects.bulk_create(
            BatchLine(batch=batch, payment=payment, amount=payment.amount) for payment in taken
        )
        total = sum((p.amount for p in taken), Decimal(0))
        BatchEvent.objects.create(
            batch=batch,
            actor=user,
            kind=BatchEvent.Kind.CREATED,
            message=_("%(n)s笔，合计%(total)s元，应发日期截至%(day)s")
            % {"n": len(taken), "total": f"{total:.2f}", "day": up_to.isoformat()},
        )
    return batch


BANK_FILE_COLUMNS = ["明细编号", "收款人姓名", "收款账号", "金额（元）", "申请编号", "发放期间"]


def batch_export(*, batch: PaymentBatch, user: Any) -> str:
    """The bank file of a batch, once: full account numbers and names, for the bank. Only a user
    with the payment permission may take it, the export is audited, and a second export is
    refused (and that refusal audited too)."""
    if not user.has_perm(EXPORT_PERMISSION):
        raise PermissionDenied
    with transaction.atomic():
        first = PaymentBatch.objects.filter(pk=batch.pk, exported_at__isnull=True).update(
            exported_at=timezone.now(), exported_by=user
        )
        if first:
            lines = list(batch.lines.select_related("payment__claim__application").order_by("id"))
            BatchEvent.objects.create(
                batch=batch,
                actor=user,
                kind=BatchEvent.Kind.EXPORTED,
                message=_("%(n)s笔") % {"n": len(lines)},
            )
    if not first:  # on record, outside any transaction the refusal would undo
        BatchEvent.objects.create(batch=batch, actor=user, kind=BatchEvent.Kind.EXPORT_REFUSED)
        raise PaymentRefused(_("这个批次的银行发放文件已经导出过，不能再次导出。"))
    batch.refresh_from_db()
    out = io.StringIO()
    out.write("\ufeff")  # a BOM, so that Excel reads the file as UTF-8
    writer = csv.writer(out)
    writer.writerow(BANK_FILE_COLUMNS)
    for number, line in enumerate(lines, start=1):
        payment = line.payment
        application = payment.claim.application
        period = payment.period
        writer.writerow(
            [
                f"{batch.reference}-{number:04d}",
                application.applicant_name,
                application.bank_account,
                f"{line.amount:.2f}",
                application.reference,
                period,
            ]
        )
    return out.getvalue()


def batch_lines_confirm(
    *, lines: Iterable[BatchLine], paid: bool, user: Any, note: str = ""
) -> int:
    """What the bank did with exported lines: paid, or failed (the payment falls due again and
    a later run takes it). A line is confirmed once. A claim whose payments are all paid is paid;
    the parent is told."""
    if not user.has_perm("applications.change_paymentbatch"):
        raise PermissionDenied
    confirmed: list[BatchLine] = []
    with transaction.atomic():
        for line in lines:
            if line.batch.exported_at is None:
                raise PaymentRefused(_("批次还没有导出，不能确认发放结果。"))
            result = BatchLine.Result.PAID if paid else BatchLine.Result.FAILED
            if not BatchLine.objects.filter(pk=line.pk, result=BatchLine.Result.PENDING).update(
                result=result, decided_at=timezone.now(), decided_by=user, note=note
            ):
                continue  # confirmed already
            state = Payment.State.PAID if paid else Payment.State.DUE
            Payment.objects.filter(pk=line.payment_id).update(state=state)
            confirmed.append(line)
            _payment_audited(line=line, paid=paid, user=user, note=note)
        for claim in _claims_of(confirmed):
            _claim_paid_when_all_are(claim)
    for application in {line.payment.claim.application for line in confirmed}:
        application_notify(application=application)
    return len(confirmed)


def _payment_audited(*, line: BatchLine, paid: bool, user: Any, note: str) -> None:
    payment = line.payment
    claim = payment.claim
    period = payment.period
    BatchEvent.objects.create(
        batch=line.batch,
        actor=user,
        kind=BatchEvent.Kind.LINE_PAID if paid else BatchEvent.Kind.LINE_FAILED,
        message=f"{claim.application.reference} {claim.name} {period} {line.amount:.2f} {note}",
    )
    ApplicationEvent.objects.create(
        application=claim.application,
        claim=claim,
        actor=user,
        kind=ApplicationEvent.Kind.PAID if paid else ApplicationEvent.Kind.PAYMENT_FAILED,
        message=_("%(period)s：%(amount)s元") % {"period": period, "amount": f"{line.amount:.2f}"},
    )


def _claims_of(lines: Collection[BatchLine]) -> list[Claim]:
    return list({line.payment.claim_id: line.payment.claim for line in lines}.values())


def _claim_paid_when_all_are(claim: Claim) -> None:
    """A claim is paid once every one of its payments is; its application's status follows."""
    if claim.payments.exclude(state=Payment.State.PAID).exists():
        return
    Claim.objects.filter(pk=claim.pk, status=ClaimStatus.APPROVED).update(status=ClaimStatus.PAID)
    application = claim.application
    status = status_of(list(application.claims.values_list("status", flat=True)))
    Application.objects.filter(pk=application.pk).update(status=status)
