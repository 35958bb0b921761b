"""The resident ID number (GB 11643-1999): 17 digits and a check digit or X; the area code's
province exists, whatever became of the code itself; the birth date is a real day, not after
today; the check digit is right. Each refusal names the part that is wrong. Then the same rule
through the apply form, the stored number and its digest, and the caseworkers' search."""

from __future__ import annotations

from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from apps.applications.forms import ApplyForm
from apps.applications.id_numbers import IdNumberInvalid, id_number_check, id_number_normalise
from apps.applications.selectors import (
    cash_entitlements,
    entitlement_claim,
    family_child_dates,
)
from apps.applications.services import id_number_digest
from apps.benefits.services import entitlements_compute
from apps.households.selectors import household_family

TODAY = date(2025, 6, 1)
# The provinces of GB/T 2260 (Taiwan, Hong Kong and Macao included), as the jurisdiction tree
# holds them: 110000 北京市 ... 820000 澳门特别行政区.
PROVINCES = frozenset(
    {"11", "12", "13", "14", "15"}  # 华北
    | {"21", "22", "23"}  # 东北
    | {"31", "32", "33", "34", "35", "36", "37"}  # 华东
    | {"41", "42", "43", "44", "45", "46"}  # 中南
    | {"50", "51", "52", "53", "54"}  # 西南
    | {"61", "62", "63", "64", "65"}  # 西北
    | {"71", "81", "82"}  # 台湾, 香港, 澳门
)
# GB 11643-1999: the weights of the first 17 digits, and the check character for sum mod 11.
WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK = "10X98765432"


def with_check(body: str) -> str:
    """The 17 digits with their check character appended (MOD 11-2 by the standard's table)."""
    assert len(body) == 17, body
    return body + CHECK[sum(int(d) * w for d, w in zip(body, WEIGHTS, strict=True)) % 11]


def id_no(area: str, born: str, sequence: str = "456") -> str:
    return with_check(f"{area}{born}{sequence}")


def check(value: str, today: date = TODAY) -> tuple[str, date]:
    return id_number_check(value, today=today, provinces=PROVINCES)


def test_the_helper_agrees_with_the_standards_own_example():
    assert with_check("11010519491231002") == "11010519491231002X"


# --- Accepted ------------------------------------------------------------------------------

AREAS = {
    "410105": "金水区",
    "410100": "郑州市",
    "140881": "永济市 (stdnum: births from 2000 only)",
    "532503": "蒙自市 (stdnum: no birth year from 1960 to 2009)",
    "532500": "红河哈尼族彝族自治州",
    "330105": "拱墅区",
    "331126": "庆元县 (stdnum: births from 2000 only)",
    "330103": "下城区, merged into 拱墅区 in 2021",
}
BIRTHS = ["19600101", "19750615", "19880202", "20000229", "20051231"]


@pytest.mark.parametrize("born", BIRTHS)
@pytest.mark.parametrize("area", AREAS)
def test_an_id_number_from_any_area_of_an_existing_province_is_accepted(area, born):
    number = id_no(area, born)

    assert check(number) == (number, date.fromisoformat(f"{born[:4]}-{born[4:6]}-{born[6:]}"))


@pytest.mark.parametrize(
    ("number", "born"),
    [
        ("331126198802024569", date(1988, 2, 2)),  # refused by stdnum.cn.ric
        ("11010519491231002X", date(1949, 12, 31)),  # GB 11643-1999's example
        (id_no("330103", "19900101"), date(1990, 1, 1)),  # a retired area code
        (id_no("331126", "19000101"), date(1900, 1, 1)),  # the earliest year
        (id_no("331126", "20250601"), TODAY),  # born today: not in the future
    ],
)
def test_real_numbers_are_accepted(number, born):
    assert check(number) == (number, born)


@pytest.mark.parametrize(
    "typed",
    [
        "331126 19880202 4569",
        "331126-1988-0202-4569",
        " 331126 1988 0202 4569 ",
        "331126\u300019880202\u30004569",  # the ideographic space
        "331126－19880202－4569",  # the full-width hyphen-minus
        "331126\u201319880202\u20144569",  # en and em dashes
        "３３１１２６１９８８０２０２４５６９",  # full-width digits
    ],
)
def test_spaces_dashes_and_full_width_digits_are_taken_out(typed):
    assert id_number_normalise(typed) == "331126198802024569"
    assert check(typed) == ("331126198802024569", date(1988, 2, 2))


@pytest.mark.parametrize(
    "typed", ["11010519491231002x", "110105 19491231 002x", "11010519491231002ｘ"]
)
def test_a_lower_case_x_is_accepted_and_stored_upper_case(typed):
    assert check(typed)[0] == "11010519491231002X"


# --- Refused, naming the part ------------------------------------------------------------

GOOD = "331126198802024569"


@pytest.mark.parametrize(
    ("number", "part", "words"),
    [
        ("12345", "format", "18位"),  # too short
        (GOOD + "0", "format", "18位"),  # too long
        ("", "format", "18位"),
        ("33112619880A024569", "format", "18位"),  # a letter in the middle
        ("3311261988020245X9", "format", "18位"),  # X anywhere but last
        ("33112619880202456Y", "format", "18位"),  # only X may stand for 10
        (id_no("990101", "19880202"), "area", "地区代码"),  # no province 99
        (id_no("000000", "19880202"), "area", "地区代码"),
        (id_no("331126", "19880230"), "date", "出生日期不是有效日期"),  # 30 February
        (id_no("331126", "19881301"), "date", "出生日期不是有效日期"),  # month 13
        (id_no("331126", "19000229"), "date", "出生日期不是有效日期"),  # 1900: not a leap year
        (id_no("331126", "18991231"), "date", "出生日期不是有效日期"),  # before 1900
        (id_no("331126", "20250602"), "future", "晚于今天"),  # the day after TODAY
        ("331126198802024568", "checksum", "校验位"),  # a typo
        ("331126198802204569", "checksum", "校验位"),  # two digits swapped
    ],
)
def test_a_wrong_part_is_refused_by_name(number, part, words):
    with pytest.raises(IdNumberInvalid) as refused:
        check(number)

    assert refused.value.part == part
    with translation.override("zh-hans"):
        assert words in str(refused.value.message)


def wrong_check(body: str) -> str:
    right = with_check(body)[-1]
    return body + ("0" if right != "0" else "1")


@pytest.mark.parametrize(
    ("number", "part"),
    [
        ("99112619880230456", "format"),
        (wrong_check("99112619880230456"), "area"),
        (wrong_check("33112619880230456"), "date"),
        (wrong_check("33112620990101456"), "future"),
        (wrong_check("33112619880202456"), "checksum"),
    ],
)
def test_a_number_wrong_in_several_parts_is_refused_for_the_first(number, part):
    """The parts are checked in order: format, area, date, future, checksum."""
    with pytest.raises(IdNumberInvalid) as refused:
        check(number)

    assert refused.value.part == part


def test_the_refusal_reads_in_english():
    with pytest.raises(IdNumberInvalid) as refused:
        check("331126198802024568")

    with translation.override("en"):
        assert str(refused.value.message) == (
            "The ID number’s last character, the check digit, is wrong: please check for a typo."
        )


# --- Through the apply form, the stored number, the search -------------------------------


def form_for(household, id_number: str) -> ApplyForm:
    family = household_family(household=household)
    evaluation = entitlements_compute(
        family=family, jurisdiction=household.jurisdiction_id, as_of=date.today()
    )
    children = family_child_dates(family)
    choices = [
        (str(entitlement_claim(e, children)), e) for e in cash_entitlements(evaluation=evaluation)
    ]
    return ApplyForm(
        {
            "entitlements": [key for key, _e in choices],
            "applicant_name": "王小红",
            "id_number": id_number,
            "phone": "13800138000",
            "bank_account": "6222020200112233446",
            "consent": "on",
        },
        choices=choices,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "code"),
    [
        ("331126 1988-0202 4569", None),  # accepted, normalised
        ("331126198802024569", None),
        (id_no("330103", "19900101"), None),  # a retired code, from the tree's province 33
        ("331126 1988 0202", "format"),
        (id_no("991126", "19880202"), "area"),
        (id_no("331126", "19880230"), "date"),
        (id_no("331126", "20990101"), "future"),
        ("331126198802024568", "checksum"),
        (id_no("331126", f"{date.today().year - 10}0101"), "age"),  # the age check stays
    ],
)
def test_the_apply_form_checks_the_id_number_and_names_the_part(make_household, typed, code):
    form = form_for(make_household(), typed)

    if code is None:
        assert form.is_valid(), form.errors
        assert form.cleaned_data["id_number"] == id_number_normalise(typed)
    else:
        assert not form.is_valid()
        assert [error.code for error in form.errors.as_data()["id_number"]] == [code]


@pytest.mark.django_db
def test_a_number_typed_with_dashes_is_stored_normalised_with_the_same_digest(make_application):
    application = make_application(id_no="331126-1988-0202-4569")

    assert application.id_number == "331126198802024569"
    assert application.id_number_hash == id_number_digest("331126198802024569")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "331126 19880202 4569",
        "331126-1988-0202-4569",
        "331126－1988－0202－4569",
        "331126\u300019880202\u30004569",
        "331126198802024569",
    ],
)
def test_the_caseworkers_find_an_application_by_a_spaced_or_dashed_id_number(
    admin_client, make_application, query
):
    wanted = make_application(name="张三", id_no="331126198802024569")
    other = make_application(name="李四", id_no=id_no("330105", "19900101"))

    response = admin_client.get(reverse("admin:applications_application_changelist"), {"q": query})

    assert wanted.reference in response.text
    assert other.reference not in response.text
