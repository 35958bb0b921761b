"""The jurisdiction tree as the engine's plain data (`Places`): enough to say whether one place
lies inside another. Built once per process, again whenever the tree changes."""

from __future__ import annotations

from apps.benefits.engine import Place, Places
from apps.jurisdictions.models import Jurisdiction
from apps.jurisdictions.selectors import PLACES
from apps.jurisdictions.versions import Kept, versions

_places: Kept[Places] = Kept()


def places_get() -> Places:
    return _places.get(versions().get(PLACES), _places_build)


def _places_build() -> Places:
    rows = Jurisdiction.objects.values_list("code", "name", "name_en", "parent_id")
    return Places(
        {code: Place(code, name, name_en, parent) for code, name, name_en, parent in rows}
    )
