"""Applications become sets of claims, each decided on its own, paid in instalments through
payment batches, with documents and the messages sent to parents.

ApplicationItem is renamed Claim and learns who and which child it is for (from the snapshot of
the answers), its schedule (from the snapshot of the evaluation) and a status (from the
application's): a claim not refused is then unique per program, child and claimant.
"""

import django.db.models.deletion
from datetime import date

from django.conf import settings
from django.db import migrations, models


def _day(value):
    return date.fromisoformat(value) if value else None


# How far a claim has gone: of a claim made twice, the one furthest along is kept.
PROGRESS = {"paid": 5, "approved": 4, "info_requested": 3, "in_review": 2, "submitted": 1}


def _status_of(claims):
    """The application's status from its claims' (models.status_of, as it was written here)."""
    for waiting in ("info_requested", "in_review", "submitted"):
        if waiting in claims:
            return waiting
    if not claims or all(c == "rejected" for c in claims):
        return "rejected"
    if all(c in ("paid", "rejected") for c in claims):
        return "paid"
    return "approved"


def claims_fill(apps, schema_editor):
    """Each claim's child (by date and place among twins), claimant, schedule and status. A
    claim made twice by one applicant (possible before the database said no) is kept where it
    has gone furthest (paid, approved, ..., then the earlier) and refused on the others, with
    the reason and an audit row; those applications are flagged for a caseworker and their
    status follows their claims."""
    Claim = apps.get_model("applications", "Claim")
    Event = apps.get_model("applications", "ApplicationEvent")
    Application = apps.get_model("applications", "Application")
    claims = list(
        Claim.objects.select_related("application").order_by("application__created_at", "id")
    )
    for claim in claims:
        application = claim.application
        children = application.answers.get("children", [])
        days = [_day(c.get("birth_date")) or _day(c.get("expected_date")) for c in children]
        if claim.child is not None and claim.child < len(days):
            day = days[claim.child]
            claim.child_date = day
            claim.twin = sum(1 for i, d in enumerate(days) if d == day and i < claim.child)
        claim.claimant_hash = application.id_number_hash
        for entry in application.evaluation.get("entitlements", []):
            if (entry.get("program"), entry.get("child"), entry.get("parent") or "") == (
                claim.program,
                claim.child,
                claim.parent,
            ):
                claim.schedule = entry.get("payments") or [
                    {"start": entry.get("start"), "end": None, "amount": entry.get("amount")}
                ]
                break
        claim.status = application.status
    live = {}
    for claim in claims:
        if claim.status == "rejected":
            continue
        key = (claim.program, claim.child_date, claim.twin, claim.parent, claim.claimant_hash)
        live.setdefault(key, []).append(claim)
    flagged = set()
    for same in live.values():
        kept = max(same, key=lambda c: PROGRESS[c.status])  # the first of the furthest along
        for claim in same:
            if claim is kept:
                continue
            claim.reason = (
                f"与申请 {kept.application.reference} 重复：同一申请人为同一孩子申请同一项目。"
            )
            Event.objects.create(
                application=claim.application,
                claim=claim,
                kind="rejected",
                from_status=claim.status,
                to_status="rejected",
                message=claim.reason,
            )
            claim.status = "rejected"
            flagged.add(claim.application_id)
    for claim in claims:
        claim.save()
    for application in Application.objects.filter(pk__in=flagged):
        statuses = list(Claim.objects.filter(application=application).values_list("status", flat=True))
        Application.objects.filter(pk=application.pk).update(
            possible_duplicate=True, status=_status_of(statuses)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0002_id_number_hmac"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameModel("ApplicationItem", "Claim"),
        migrations.AlterField(
            model_name="claim",
            name="application",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="claims",
                to="applications.application",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="child_date",
            field=models.DateField(blank=True, null=True, verbose_name="孩子出生日期"),
        ),
        migrations.AddField(
            model_name="claim",
            name="twin",
            field=models.PositiveSmallIntegerField(default=0, verbose_name="多胞胎中的次序"),
        ),
        migrations.AddField(
            model_name="claim",
            name="claimant_hash",
            field=models.CharField(
                default="", editable=False, max_length=64, verbose_name="申请人身份证号码摘要"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="claim",
            name="schedule",
            field=models.JSONField(default=list, verbose_name="发放时间表"),
        ),
        migrations.AddField(
            model_name="claim",
            name="documents",
            field=models.JSONField(default=list, verbose_name="所需材料"),
        ),
        migrations.AddField(
            model_name="claim",
            name="status",
            field=models.CharField(
                choices=[
                    ("submitted", "已提交"),
                    ("in_review", "审核中"),
                    ("info_requested", "待补充材料"),
                    ("approved", "已批准"),
                    ("rejected", "未获批准"),
                    ("paid", "已发放"),
                ],
                db_index=True,
                default="submitted",
                max_length=16,
                verbose_name="状态",
            ),
        ),
        migrations.AddField(
            model_name="claim",
            name="reason",
            field=models.TextField(blank=True, verbose_name="说明"),
        ),
        migrations.AddField(
            model_name="claim",
            name="decided_at",
            field=models.DateTimeField(blank=True, null=True, verbose_name="决定时间"),
        ),
        migrations.AddField(
            model_name="application",
            name="email",
            field=models.EmailField(blank=True, max_length=254, verbose_name="电子邮箱"),
        ),
        migrations.AddField(
            model_name="application",
            name="assignee",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="+",
                to=settings.AUTH_USER_MODEL,
                verbose_name="经办人",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="parent_replied",
            field=models.BooleanField(
                default=False,
                help_text="申请人补充了信息或材料，审核人员尚未处理",
                verbose_name="申请人已答复",
            ),
        ),
        migrations.AddField(
            model_name="application",
            name="possible_duplicate",
            field=models.BooleanField(
                default=False,
                help_text="同一申请人在另一份答卷中也为同一出生日期的孩子申请过",
                verbose_name="可能重复",
            ),
        ),
        migrations.AddField(
            model_name="applicationevent",
            name="claim",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="applications.claim",
                verbose_name="申请项目",
            ),
        ),
        migrations.RunPython(claims_fill, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="claim",
            constraint=models.UniqueConstraint(
                condition=models.Q(("status", "rejected"), _negated=True),
                fields=("program", "child_date", "twin", "parent", "claimant_hash"),
                name="one_live_claim_per_program_child_and_claimant",
            ),
        ),
    ]
