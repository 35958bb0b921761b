"""Reads of the jurisdiction tree. The engine gets it as plain data (`Places`), cached per
process and rebuilt when the table changes."""

from __future__ import annotations

import threading

from django.db.models import Count, Max

from apps.benefits.engine import Place, Places
from apps.jurisdictions.models import Jurisdiction

_lock = threading.Lock()
_cache: dict[str, object] = {}


def places_get() -> Places:
    stamp = Jurisdiction.objects.aggregate(n=Count("code"), last=Max("code"))
    with _lock:
        if _cache.get("stamp") != stamp:
            rows = Jurisdiction.objects.values_list("code", "name", "name_en", "parent_id")
            _cache["places"] = Places(
                {code: Place(code, name, name_en, parent) for code, name, name_en, parent in rows}
            )
            _cache["stamp"] = stamp
        return _cache["places"]  # type: ignore[return-value]


def jurisdiction_children(*, code: str | None) -> list[Jurisdiction]:
    """The divisions directly under `code` (the provinces when None)."""
    parent = code or "100000"
    return list(Jurisdiction.objects.filter(parent_id=parent).order_by("code"))
