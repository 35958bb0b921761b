"""Reference data kept in each process and rebuilt when it changes (`DataVersion`).

The place tree and the rule set change when a fixture or a policy is loaded, or an admin saves,
not per request: each process keeps them in memory, and one query for the tokens tells it when to
build them again.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from typing import Generic, TypeVar

from apps.jurisdictions.models import DataVersion

T = TypeVar("T")


def versions() -> dict[str, str]:
    """Every kind of data's current token (one query)."""
    return dict(DataVersion.objects.values_list("key", "token"))


def version_bump(key: str) -> None:
    """Say that data of this kind has changed: every process builds it again."""
    token = secrets.token_hex(16)
    if not DataVersion.objects.filter(key=key).update(token=token):  # one query, nearly always
        DataVersion.objects.update_or_create(key=key, defaults={"token": token})


class Kept(Generic[T]):
    """A value built from reference data, kept for as long as its key (the data's token, and
    whatever else it was built from) stays the same."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._key: object = None
        self._value: T | None = None

    def get(self, key: object, build: Callable[[], T]) -> T:
        with self._lock:
            if self._value is None or self._key != key:
                self._value = build()
                self._key = key
            return self._value
