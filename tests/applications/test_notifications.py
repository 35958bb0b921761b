"""Parents are told when their application changes: by SMS to their phone, and by email when
they gave an address; once per change, after it is committed; in their language; with what
happens next. A message that cannot be sent is on record and the step still stands."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from apps.applications.models import Application, Notification, Status
from apps.applications.selectors import next_step
from apps.applications.services import (
    application_note_update,
    application_parent_reply,
    claims_step,
)
from apps.applications.sms import LocmemBackend, SmsFailed

pytestmark = pytest.mark.django_db


def decision_day(application) -> str:
    day = timezone.localdate(application.created_at) + timedelta(days=20)
    return f"{day.year}年{day.month}月{day.day}日"


@pytest.fixture
def submitted(make_application, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        application = make_application()
    return application


def step(application, name, actor, message=""):
    return claims_step(
        application=application,
        step_name=name,
        actor=actor,
        version=application.version,
        message=message,
    )


def test_submitting_sends_a_text_with_the_reference_and_what_happens_next(submitted):
    [sms] = LocmemBackend.outbox

    assert sms.to == "13800138000"
    assert submitted.reference in sms.text
    assert "我们收到了您的申请" in sms.text
    assert f"{decision_day(submitted)}前作出决定" in sms.text  # REVIEW_DAYS after it came in
    note = Notification.objects.get()
    assert (note.channel, note.to, note.sent) == ("sms", "138*****000", True)
    assert not mail.outbox  # no address given


def test_nothing_is_sent_before_the_change_is_committed(make_application):
    make_application()

    assert not LocmemBackend.outbox  # still inside the test's transaction


def test_an_email_too_when_the_parent_gave_an_address(
    make_household, django_capture_on_commit_callbacks, client
):
    from tests.applications.test_flow import answers, apply_url

    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(client, make_household()), answers(email="mama@example.cn"))

    [email] = mail.outbox
    assert email.to == ["mama@example.cn"]
    assert "有新进展" in email.subject
    assert Notification.objects.get(channel="email").to == "m***@example.cn"


def test_each_decision_is_told_once_internal_steps_are_not(
    submitted, gongshu_caseworker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        step(submitted, "take", gongshu_caseworker)
    with django_capture_on_commit_callbacks(execute=True):
        application_note_update(
            application=submitted, actor=gongshu_caseworker, version=submitted.version, note="x"
        )
    with django_capture_on_commit_callbacks(execute=True):
        step(submitted, "reject", gongshu_caseworker, "孩子的户籍不在拱墅区")

    texts = [sms.text for sms in LocmemBackend.outbox]
    assert len(texts) == 3  # submitted, taken, refused: not the note
    assert "审核人员开始审核" in texts[1]
    assert "未获批准" in texts[2] and "孩子的户籍不在拱墅区" in texts[2]
    assert "行政复议" in texts[2]


def test_the_parent_is_not_told_of_their_own_reply(
    submitted, gongshu_caseworker, django_capture_on_commit_callbacks
):
    step(submitted, "take", gongshu_caseworker)
    step(submitted, "request_info", gongshu_caseworker, "请补充")
    LocmemBackend.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        application_parent_reply(application=submitted, message="好的")

    # The steps before (taken, asked) are told now, once; the reply itself is not.
    [sms] = LocmemBackend.outbox
    assert "需要您补充信息" in sms.text and "您补充了信息" not in sms.text


def test_a_message_that_cannot_be_sent_is_on_record_and_the_step_stands(
    submitted, gongshu_caseworker, django_capture_on_commit_callbacks, monkeypatch
):
    def down(self, message):
        raise SmsFailed("gateway timeout")

    monkeypatch.setattr(LocmemBackend, "send", down)

    with django_capture_on_commit_callbacks(execute=True):
        step(submitted, "take", gongshu_caseworker)

    submitted.refresh_from_db()
    assert submitted.status == Status.IN_REVIEW
    failed = Notification.objects.order_by("id").last()
    assert (failed.sent, failed.error) == (False, "gateway timeout")


def test_an_english_application_is_told_in_english(
    make_household, client, django_capture_on_commit_callbacks
):
    from tests.applications.test_flow import answers, apply_url

    household = make_household()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(apply_url(client, household), answers(), HTTP_ACCEPT_LANGUAGE="en")

    [sms] = LocmemBackend.outbox
    assert "We have received your application" in sms.text


@pytest.mark.parametrize(
    ("steps", "expected"),
    [
        ([], "前作出决定，决定后我们会通知您"),
        (["take", "request_info"], "请在进度页面补充"),
        (["take", "approve"], "下一笔款项5,000元，应发日期2024年6月1日，将发放到尾号3446的账户"),
        (["take", "reject"], "六十日内申请行政复议"),
    ],
)
def test_the_status_page_says_what_happens_next(
    client, submitted, gongshu_caseworker, steps, expected
):
    for name in steps:
        step(submitted, name, gongshu_caseworker, "理由" if name != "approve" else "")
    url = reverse(
        "applications:status",
        kwargs={"reference": submitted.reference, "secret": submitted.secret},
    )

    assert expected in client.get(url).text
    assert expected in next_step(application=submitted)


def test_the_decision_date_counts_from_the_parent_s_last_reply(submitted, gongshu_caseworker):
    step(submitted, "take", gongshu_caseworker)
    step(submitted, "request_info", gongshu_caseworker, "请补充")
    application_parent_reply(application=submitted, message="已补充")
    shanghai = ZoneInfo("Asia/Shanghai")
    Application.objects.filter(pk=submitted.pk).update(
        created_at=datetime(2024, 6, 1, 9, tzinfo=shanghai)
    )
    submitted.events.filter(kind="parent_replied").update(
        created_at=datetime(2024, 6, 10, 23, 30, tzinfo=shanghai)  # late in the day, local
    )
    submitted.refresh_from_db()

    assert submitted.status == Status.IN_REVIEW
    assert "2024年6月30日前作出决定" in next_step(application=submitted)
