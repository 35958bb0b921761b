"""Reference data kept in each process and rebuilt when it changes (`DataVersion`).

The place tree and the rule set change when a fixture or a policy is loaded, or an admin saves,
not per request: each process keeps them in memory. Whether they changed is a token per kind of
data, in the database (`DataVersion`) and copied into the shared cache (Redis in production):
a process looks at the cache at most once every CHECK_SECONDS, and at the database only when the
cache has lost the tokens. A request therefore costs no query for freshness; a change made by one
process is seen by every other within CHECK_SECONDS, and at once by the process that made it.
"""

from __future__ import annotations

import secrets
import threading
import time
from collections.abc import Callable
from typing import Generic, TypeVar

from django.core.cache import cache
from django.db import transaction

from apps.jurisdictions.models import DataVersion

T = TypeVar("T")

CHECK_SECONDS = 1.0  # how stale a process's view of the tokens may be
CACHE_KEY = "data-versions"
CACHE_SECONDS = 300  # the shared cache's copy, should a deletion ever be missed

_local_lock = threading.Lock()
_local: tuple[float, dict[str, str]] | None = None  # (when read, the tokens)


def versions() -> dict[str, str]:
    """Every kind of data's current token: from this process's copy when it is fresh, else the
    shared cache, else the database (one query), which then fills the cache."""
    global _local
    now = time.monotonic()
    seen = _local
    if seen is not None and now - seen[0] < CHECK_SECONDS:
        return seen[1]
    tokens = cache.get(CACHE_KEY)
    if tokens is None:
        tokens = dict(DataVersion.objects.values_list("key", "token"))
        cache.set(CACHE_KEY, tokens, CACHE_SECONDS)
    with _local_lock:
        _local = (now, tokens)
    return tokens


def versions_forget() -> None:
    """Drop this process's and the shared cache's copy of the tokens: the next `versions()`
    reads them from the database."""
    global _local
    with _local_lock:
        _local = None
    cache.delete(CACHE_KEY)


def version_bump(key: str) -> None:
    """Say that data of this kind has changed: every process builds it again. The copies of
    the tokens are dropped now and again once the change is committed, so that no process
    keeps a token it read before the commit."""
    token = secrets.token_hex(16)
    if not DataVersion.objects.filter(key=key).update(token=token):  # one query, nearly always
        DataVersion.objects.update_or_create(key=key, defaults={"token": token})
    versions_forget()
    transaction.on_commit(versions_forget)


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
