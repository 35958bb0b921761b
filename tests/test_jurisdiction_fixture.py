"""Checks on fixtures/jurisdictions.json (plain JSON: no database, no Django)."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import pytest

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "jurisdictions.json"
ROOT = "100000"
LEVELS = {"country", "province", "prefecture", "county"}
PARENT_LEVELS = {
    "province": {"country"},
    "prefecture": {"province"},
    "county": {"prefecture", "province"},
}
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}


@cache
def load() -> list[dict[str, Any]]:
    with FIXTURE.open(encoding="utf-8") as f:
        return json.load(f)


@cache
def by_pk() -> dict[str, dict[str, Any]]:
    return {obj["pk"]: obj["fields"] for obj in load()}


def test_objects_are_well_formed() -> None:
    objects = load()
    pks = [obj["pk"] for obj in objects]
    assert len(pks) == len(set(pks)), "duplicate codes"
    assert pks == sorted(pks)
    for obj in objects:
        assert obj["model"] == "jurisdictions.jurisdiction"
        assert isinstance(obj["pk"], str)
        assert len(obj["pk"]) == 6 and obj["pk"].isdigit(), obj["pk"]
        assert set(obj["fields"]) == {"name", "name_en", "level", "parent"}
        assert obj["fields"]["level"] in LEVELS
        assert 0 < len(obj["fields"]["name"]) <= 64


def test_root() -> None:
    first = load()[0]
    assert first["pk"] == ROOT
    assert first["fields"] == {
        "name": "中华人民共和国",
        "name_en": "China",
        "level": "country",
        "parent": None,
    }
    roots = [pk for pk, f in by_pk().items() if f["parent"] is None]
    assert roots == [ROOT]


def test_every_parent_exists_with_a_consistent_level() -> None:
    units = by_pk()
    for pk, fields in units.items():
        if pk == ROOT:
            continue
        parent = fields["parent"]
        assert parent in units, f"{pk} has missing parent {parent}"
        assert units[parent]["level"] in PARENT_LEVELS[fields["level"]], pk
        # GB/T 2260: a code starts with its province's two digits (and prefecture's four).
        if units[parent]["level"] == "province":
            assert pk[:2] == parent[:2], pk
        elif units[parent]["level"] == "prefecture":
            assert pk[:4] == parent[:4], pk


def test_no_cycles() -> None:
    units = by_pk()
    for pk in units:
        seen = set()
        node: str | None = pk
        while node is not None:
            assert node not in seen, f"cycle through {pk}"
            seen.add(node)
            node = units[node]["parent"]
        assert ROOT in seen


def test_provinces() -> None:
    provinces = {pk for pk, f in by_pk().items() if f["level"] == "province"}
    assert len(provinces) == 34
    assert {"710000", "810000", "820000"} <= provinces
    assert all(by_pk()[pk]["parent"] == ROOT for pk in provinces)
    assert by_pk()["610000"]["name_en"] == "Shaanxi Province"
    assert by_pk()["140000"]["name_en"] == "Shanxi Province"
    assert by_pk()["540000"]["name_en"] == "Tibet (Xizang) Autonomous Region"


def test_municipalities_have_no_placeholder_prefectures() -> None:
    units = by_pk()
    for code in MUNICIPALITIES:
        children = [pk for pk, f in units.items() if f["parent"] == code]
        assert children, code
        assert all(units[pk]["level"] == "county" for pk in children), code
    for placeholder in ("110100", "120100", "310100", "500100", "500200"):
        assert placeholder not in units


@pytest.mark.parametrize(
    ("code", "name", "level", "parent"),
    [
        ("410000", "河南省", "province", ROOT),
        ("410100", "郑州市", "prefecture", "410000"),
        ("410105", "金水区", "county", "410100"),
        ("410102", "中原区", "county", "410100"),
        ("140000", "山西省", "province", ROOT),
        ("140800", "运城市", "prefecture", "140000"),
        ("140881", "永济市", "county", "140800"),
        ("530000", "云南省", "province", ROOT),
        ("532500", "红河哈尼族彝族自治州", "prefecture", "530000"),
        ("532503", "蒙自市", "county", "532500"),
        ("532501", "个旧市", "county", "532500"),
        ("330000", "浙江省", "province", ROOT),
        ("330100", "杭州市", "prefecture", "330000"),
        ("330105", "拱墅区", "county", "330100"),
        ("330106", "西湖区", "county", "330100"),
        ("331100", "丽水市", "prefecture", "330000"),
        ("331126", "庆元县", "county", "331100"),
        # 省直辖县级行政单位 hang directly under the province.
        ("429004", "仙桃市", "county", "420000"),
        ("419001", "济源市", "county", "410000"),
        ("469001", "五指山市", "county", "460000"),
        ("659001", "石河子市", "county", "650000"),
        # Municipality districts hang directly under the municipality.
        ("110105", "朝阳区", "county", "110000"),
        ("500105", "江北区", "county", "500000"),
        ("500112", "渝北区", "county", "500000"),
        ("500243", "彭水苗族土家族自治县", "county", "500000"),
    ],
)
def test_named_units(code: str, name: str, level: str, parent: str) -> None:
    fields = by_pk()[code]
    assert (fields["name"], fields["level"], fields["parent"]) == (name, level, parent)


@pytest.mark.parametrize("code", ["441900", "442000", "460400", "620200"])
def test_prefecture_cities_without_counties(code: str) -> None:
    assert by_pk()[code]["level"] == "prefecture"
    assert not [pk for pk, f in by_pk().items() if f["parent"] == code]


def test_abolished_and_non_administrative_codes_are_absent() -> None:
    units = by_pk()
    assert "330103" not in units  # 下城区, merged into 拱墅区 in 2021
    assert "330104" not in units  # 江干区, split up in 2021
    assert "500157" not in units  # 两江新区 is a national-level new area, not a division


def test_level_counts() -> None:
    counts = Counter(f["level"] for f in by_pk().values())
    assert counts["country"] == 1
    assert counts["province"] == 34
    assert 330 <= counts["prefecture"] <= 336
    assert 2800 <= counts["county"] <= 2900


def test_english_names() -> None:
    for pk, fields in by_pk().items():
        name_en = fields["name_en"]
        assert name_en and name_en.isascii(), pk
        assert name_en == name_en.strip() and "  " not in name_en, pk
        assert len(name_en) <= 128, pk
        assert name_en[0].isupper(), pk


@pytest.mark.parametrize(
    ("code", "name_en"),
    [
        ("410105", "Jinshui District"),
        ("532500", "Honghe Hani and Yi Autonomous Prefecture"),
        ("500000", "Chongqing Municipality"),
        ("340300", "Bengbu City"),
        ("341500", "Lu'an City"),
        ("331100", "Lishui City"),
        ("430100", "Changsha City"),
        ("350200", "Xiamen City"),
        ("440113", "Panyu District"),
        ("330382", "Yueqing City"),
        ("150000", "Inner Mongolia Autonomous Region"),
        ("450000", "Guangxi Zhuang Autonomous Region"),
        ("640000", "Ningxia Hui Autonomous Region"),
        ("650000", "Xinjiang Uygur Autonomous Region"),
        ("810000", "Hong Kong SAR"),
        ("820000", "Macao SAR"),
        ("710000", "Taiwan"),
        ("152900", "Alashan League"),
        ("542500", "Ali Prefecture"),
        ("429021", "Shennongjia Forestry District"),
        ("310115", "Pudong New District"),
        ("150723", "Oroqen Autonomous Banner"),
    ],
)
def test_named_english_names(code: str, name_en: str) -> None:
    assert by_pk()[code]["name_en"] == name_en
