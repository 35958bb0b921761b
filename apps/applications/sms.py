"""Text messages to parents, through a backend named by settings.SMS_BACKEND, as Django sends
email through EMAIL_BACKEND. A provider's backend (Aliyun, Tencent Cloud, an operator's gateway)
subclasses `BaseBackend` and is named by its dotted path; this module keeps the console backend
(the default: the message is written to standard output) and an in-memory one for tests."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import ClassVar

from django.conf import settings
from django.utils.module_loading import import_string


class SmsFailed(Exception):
    """The provider did not take the message; the text says why."""


@dataclass(frozen=True)
class Sms:
    to: str
    text: str


class BaseBackend:
    def send(self, message: Sms) -> None:
        """Hand the message to the provider, or raise SmsFailed."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, message: Sms) -> None:
        sys.stdout.write(f"SMS to {message.to}\n{message.text}\n{'-' * 40}\n")
        sys.stdout.flush()


class LocmemBackend(BaseBackend):
    """Keeps what was sent in `LocmemBackend.outbox`, like django.core.mail.outbox."""

    outbox: ClassVar[list[Sms]] = []

    def send(self, message: Sms) -> None:
        LocmemBackend.outbox.append(message)


def send_sms(*, to: str, text: str) -> None:
    backend: BaseBackend = import_string(settings.SMS_BACKEND)()
    backend.send(Sms(to=to, text=text))
