"""Telling parents what happened to their application: after each committed change, one message
per channel (email when they gave an address, SMS to their phone) with every new step a parent
sees, and what happens next. Each message is kept (`Notification`) before it is sent, so a step
is never told twice and a message that could not be sent is on record with the reason.

Sending is a task (apps.applications.tasks.notify), sent once the change commits, never inside
a request's writes; a failure to send is recorded, never raised to the person who made the
change."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Max
from django.utils import translation
from django.utils.translation import gettext as _

from apps.applications.models import Application, ApplicationEvent, Notification, mask
from apps.applications.selectors import NOTIFIED_KINDS, next_step, parent_words
from apps.applications.sms import SmsFailed, send_sms

logger = logging.getLogger(__name__)


def _masked_email(address: str) -> str:
    name, _at, domain = address.partition("@")
    return f"{name[:1]}***@{domain}"


def notifications_send(*, application_id: int) -> list[Notification]:
    """Write and send the messages for the steps not yet told. The application's row is locked
    while the messages are recorded, so two changes committed together are told once."""
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application_id)
        told = application.notifications.aggregate(last=Max("event_id"))["last"] or 0
        events = list(
            application.events.filter(pk__gt=told, kind__in=NOTIFIED_KINDS)
            .select_related("claim")
            .order_by("id")
        )
        if not events:
            return []
        lang = application.answers.get("lang") or settings.LANGUAGE_CODE
        with translation.override(lang):
            lines = [_line(event) for event in events]
            after = next_step(application=application)
            subject = _("您的申请 %(reference)s 有新进展") % {"reference": application.reference}
            body = "\n".join(
                [
                    _("您好："),
                    "",
                    *lines,
                    "",
                    after,
                    "",
                    _("查看进度请打开提交申请时得到的链接。这是系统自动发送的邮件，请勿回复。"),
                ]
            )
            sms = _("【生育支持】申请%(reference)s：%(lines)s%(next)s") % {
                "reference": application.reference,
                "lines": "".join(lines),
                "next": after,
            }
        last = events[-1]
        notes = []
        if application.email:
            notes.append(
                Notification.objects.create(
                    application=application,
                    event=last,
                    channel=Notification.Channel.EMAIL,
                    to=_masked_email(application.email),
                    text=f"{subject}\n\n{body}",
                )
            )
        notes.append(
            Notification.objects.create(
                application=application,
                event=last,
                channel=Notification.Channel.SMS,
                to=mask(application.phone, keep=3),
                text=sms,
            )
        )
    for note in notes:
        try:
            if note.channel == Notification.Channel.EMAIL:
                send_mail(subject, body, None, [application.email])
            else:
                send_sms(to=application.phone, text=sms)
        except (OSError, SmsFailed) as failed:
            logger.warning("notification %s to %s failed: %s", note.pk, note.channel, failed)
            note.error = str(failed)[:200]
        else:
            note.sent = True
        note.save(update_fields=["sent", "error"])
    return notes


def _line(event: ApplicationEvent) -> str:
    words = parent_words(event)
    if event.message and event.kind in (
        ApplicationEvent.Kind.INFO_REQUESTED,
        ApplicationEvent.Kind.REJECTED,
    ):
        return _("%(words)s说明：%(message)s") % {"words": words, "message": event.message}
    return words
