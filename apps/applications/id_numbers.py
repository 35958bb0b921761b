"""The resident ID number (居民身份证号码) as GB 11643-1999 defines it: 18 characters.

    331126 19880202 456 9
    ^area  ^born    ^seq ^check

- digits 1-6: the area code (GB/T 2260) of the place where the number was first registered;
- digits 7-14: the birth date, YYYYMMDD;
- digits 15-17: a sequence number (odd for men, even for women);
- character 18: the check digit, ISO 7064 MOD 11-2 over the first 17 digits, 0-9 or X (for 10).

Why not `stdnum.cn.ric.validate`: it accepts an area code only for birth dates after that code
appeared in its own table of codes. A number keeps the area code it was first registered with,
whatever became of the code later (renamed, merged, retired), so that rule refuses real numbers:
331126 (庆元县) and 140881 (永济市) pass only for births from 2000, 532503 (蒙自市) for no birth
year from 1960 to 2009, and 331126198802024569 is refused. Here the area code is checked only as
far as it can be: its first two digits must be a province that exists (`provinces`, passed in, so
this module needs no database). The check digit still uses python-stdnum's ISO 7064 MOD 11-2.

Each refusal names the part that is wrong (`IdNumberInvalid.part`), so the parent is told what
to look at: "format", "area", "date", "future" or "checksum", checked in that order.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from datetime import date
from typing import Literal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from stdnum.iso7064 import mod_11_2

Part = Literal["format", "area", "date", "future", "checksum"]

MESSAGES: dict[Part, Promise] = {
    "format": _("身份证号码应为18位：17位数字加最后一位数字或X。"),
    "area": _("身份证号码前6位的地区代码不存在。"),
    "date": _("身份证号码第7至14位的出生日期不是有效日期。"),
    "future": _("身份证号码中的出生日期晚于今天。"),
    "checksum": _("身份证号码最后一位校验位不对，请核对是否输错。"),
}
EARLIEST_YEAR = 1900

# Typed separators: any whitespace (the ideographic space U+3000 included), the ASCII hyphen,
# the Unicode hyphens and dashes (U+2010 to U+2015: en and em dash among them), the minus sign
# and the full-width hyphen-minus.
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015\u2212\uff0d]")
# Full-width digits and X, as a Chinese input method types them, to ASCII.
_FULL_WIDTH = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789XX")
_FORMAT = re.compile(r"[0-9]{17}[0-9X]")


class IdNumberInvalid(ValueError):
    """The ID number is refused; `part` says which part is wrong, `message` says so to the
    parent (lazily translated)."""

    def __init__(self, part: Part) -> None:
        super().__init__(part)
        self.part: Part = part
        self.message: Promise = MESSAGES[part]


def id_number_normalise(value: str) -> str:
    """The ID number as stored and digested: no spaces or dashes, ASCII digits, upper-case X.

    Only the typing is changed, nothing is checked: "331126 1988－0202 456x" (a full-width
    dash) and "３３１１２６１９８８０２０２４５６X" both give "33112619880202456X".
    """
    return _SEPARATORS.sub("", value.translate(_FULL_WIDTH)).upper()


def id_number_check(value: str, *, today: date, provinces: Collection[str]) -> tuple[str, date]:
    """The normalised ID number and the birth date it holds, or `IdNumberInvalid` naming the
    first part found wrong.

    `provinces` are the two-digit codes of the provinces that exist ("11", "33", "53"...): an
    area code is accepted when its first two digits are one of them, whether or not the code
    itself is still in use. `today` is the last birth date accepted.
    """
    number = id_number_normalise(value)
    if not _FORMAT.fullmatch(number):
        raise IdNumberInvalid("format")
    if number[:2] not in provinces:
        raise IdNumberInvalid("area")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise IdNumberInvalid("date") from None
    if born.year < EARLIEST_YEAR:
        raise IdNumberInvalid("date")
    if born > today:
        raise IdNumberInvalid("future")
    if not mod_11_2.is_valid(number):
        raise IdNumberInvalid("checksum")
    return number, born
