"""What the engine leaves to its callers to say: what answer would change a result, in the
asker's language (Django's translations: the Chinese is the message id)."""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _

from apps.benefits.engine import Change, Places


def change_message(change: Change, *, places: Places, lang: str) -> str:
    """ "孩子户口登记在郑州市时可以享受": the answer, and the place that would do it."""
    with translation.override("en" if lang == "en" else "zh-hans"):
        place = places.name(change.place, lang) if change.place else ""
        if change.answer == "jurisdiction":
            return _("住在%(place)s时可以享受") % {"place": place}
        if change.answer == "hukou":
            return {
                "child": _("孩子户口登记在%(place)s时可以享受"),
                "mother": _("母亲户口登记在%(place)s时可以享受"),
                "father": _("父亲户口登记在%(place)s时可以享受"),
            }[change.subject] % {"place": place}
        if change.answer == "works_in":
            return {
                "mother": _("母亲的用人单位在%(place)s时可以享受"),
                "father": _("父亲的用人单位在%(place)s时可以享受"),
            }[change.subject] % {"place": place}
        if change.answer == "employed":
            return {
                "mother": _("母亲在用人单位就业时可以享受"),
                "father": _("父亲在用人单位就业时可以享受"),
            }[change.subject]
        return _("母亲在领取失业保险金期间生育时可以享受")
