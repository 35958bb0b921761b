"""Every sentence the engine says, in zh-hans and en, built in this one place."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

_CN_DIGITS = "零一二三四五六七八九十"
_EN_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]

MESSAGES: dict[str, tuple[str, str]] = {
    # facts
    "born_on": ("{date}出生", "born {date}"),
    "expected_on": ("预计{date}出生", "expected {date}"),
    "hukou_in": ("{who}户口登记在{place}", "{who} hukou registered in {place}"),
    "lives_in": ("家住{place}", "the family lives in {place}"),
    "works_in": ("{role}的用人单位在{place}", "the {role}'s employer is in {place}"),
    "pregnancy_in_window": (
        "怀孕约自{start}起，在本项适用期间内",
        "the pregnancy began about {start}, inside this programme's period",
    ),
    "mother_employed": ("母亲在职", "the mother is employed"),
    "father_employed": ("父亲在职", "the father is employed"),
    "days": ("{days}天", "{days} days"),
    "difficult_birth_days": ("难产增加{days}天", "{days} more days for a difficult birth"),
    "extra_baby_days": (
        "多胞胎每多生育1个婴儿增加{days}天",
        "{days} more days for each extra baby of a multiple birth",
    ),
    "per_year": (
        "每年{days}天，至孩子满{years}周岁",
        "{days} days a year until the child is {years}",
    ),
    "per_year_family": (
        "家庭有不满{years}周岁的孩子期间，每年{days}天",
        "{days} days a year while the family has a child under {years}",
    ),
    "per_year_bonus": (
        "有两个以上不满{years}周岁的孩子期间，每年再增加{days}天",
        "{days} more days a year while two or more children are under {years}",
    ),
    "twins_once": ("多胞胎按一次计算", "a multiple birth counts once"),
    "hours_per_day": (
        "每天{hours}小时哺乳时间，至婴儿满{months}个月",
        "breastfeeding time of {hours} h a day until the baby is {months} months old",
    ),
    "until_first_birthday": (
        "产假期满后，经本人申请、单位批准，可请假至婴儿1周岁，待遇由双方协商",
        "after maternity leave, with the employer's approval, leave until the baby turns 1; "
        "pay is agreed between the two",
    ),
    "periods_month": (
        "{first}起每月{amount}元，共{count}个月",
        "{amount} yuan a month from {first}, {count} month(s)",
    ),
    "periods_year": ("每年{amount}元，共{count}年", "{amount} yuan a year for {count} year(s)"),
    "benefit_multiple": (
        "母亲领取失业保险金每月{benefit}元，一次性领取{months}个月",
        "the mother receives {benefit} yuan a month of unemployment insurance; "
        "{months} months of it once",
    ),
    # why not
    "not_couple": (
        "不是这对夫妻共同生育的子女，本项按夫妻共同生育的子女计算",
        "not a child of this couple; this programme counts the couple's own children",
    ),
    "order_not_covered": (
        "{order}不在本项范围内（本项适用于{covered}）",
        "a {order} is not covered (this programme covers the {covered})",
    ),
    "before_window": (
        "{event}，早于本项适用的起始日期（{start}起）",
        "{event}, before this programme's start ({start})",
    ),
    "after_window": (
        "本项已经结束：只适用于{end}前（含）的生育；孩子{event}",
        "this programme has ended: it covers births up to {end}; the child was {event}",
    ),
    "after_window_pregnancy": (
        "本项已经结束：只适用于{end}前（含）的怀孕或生育；孩子{event}，怀孕约自{start}起",
        "this programme has ended: it covers pregnancies and births up to {end}; the child "
        "was {event}, so the pregnancy began about {start}",
    ),
    "lives_outside": (
        "您家住在{actual}；本项适用于住在{place}的家庭",
        "the family lives in {actual}; this programme is for families living in {place}",
    ),
    "works_outside": (
        "{role}的用人单位在{actual}，不在{place}；本项按用人单位所在地的规定享受",
        "the {role}'s employer is in {actual}, not in {place}; this follows the rules of the "
        "employer's place",
    ),
    "hukou_unknown": (
        "{who}户口登记地未填写；登记在{place}的可以享受",
        "{who} hukou place is not given; it applies when registered in {place}",
    ),
    "hukou_outside": (
        "{who}户口登记在{actual}，不在{place}",
        "{who} hukou is registered in {actual}, not in {place}",
    ),
    "no_parent": ("家庭信息中没有{role}", "the answers include no {role}"),
    "not_employed": (
        "{role}未在用人单位就业；假期只适用于在职职工",
        "the {role} does not work for an employer; leave applies to employees only",
    ),
    "no_unemployment_benefit": (
        "母亲未领取失业保险金；本项适用于领取失业保险金期间生育的女性",
        "the mother receives no unemployment insurance benefit; this is for women who give "
        "birth while receiving it",
    ),
    "no_periods": (
        "孩子在本项发放期间内没有可发放的月份",
        "the child has no month inside this programme's payment period",
    ),
    "replaced_from": (
        "{date}起由「{successor}」替代，不叠加发放",
        "replaced from {date} by «{successor}», not added to it",
    ),
    "paid_once": (
        "同一待遇只享受一次：已按「{winner}」计算",
        "paid once only: counted under «{winner}»",
    ),
    "estimate": (
        "预计数：孩子出生后按实际情况确定",
        "an estimate: confirmed once the child is born",
    ),
}

WHO = {
    "child": ("孩子", "the child's"),
    "mother": ("母亲", "the mother's"),
    "father": ("父亲", "the father's"),
}
ROLE = {"mother": ("母亲", "mother"), "father": ("父亲", "father")}


# Each language's sentences by key, for a caller that says many in one language (the engine).
BY_LANG: dict[str, dict[str, str]] = {
    "zh-hans": {key: zh for key, (zh, _en) in MESSAGES.items()},
    "en": {key: en for key, (_zh, en) in MESSAGES.items()},
}


def say(lang: str, key: str, **values: object) -> str:
    zh, en = MESSAGES[key]
    return (en if lang == "en" else zh).format(**values)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "en" else pair[0]


def join(lang: str, parts: list[str]) -> str:
    parts = [p for p in parts if p]
    if lang == "en":
        text = "; ".join(parts)
        return text[:1].upper() + text[1:]
    return "，".join(parts)


def fmt_date(day: date, lang: str) -> str:
    if lang == "en":
        return f"{day.day} {day.strftime('%B')} {day.year}"
    return f"{day.year}年{day.month}月{day.day}日"


def fmt_month(day: date, lang: str) -> str:
    return day.strftime("%B %Y") if lang == "en" else f"{day.year}年{day.month}月"


def fmt_money(amount: Decimal) -> str:
    return f"{amount:,.0f}" if amount == amount.to_integral() else f"{amount:,.2f}"


def ordinal_child(order: int, lang: str) -> str:
    if lang == "en":
        word = _EN_ORDINALS[order - 1] if order <= len(_EN_ORDINALS) else f"{order}th"
        return f"{word} child"
    return f"第{cn_number(order)}个孩子"


def cn_number(n: int) -> str:
    if n <= 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n - 10] if n > 10 else "")
    return str(n)


def covered_orders(keys: list[str], lang: str) -> str:
    """Say which birth orders an amount table covers: ["2", "3+"] -> 二孩、三孩及以上."""
    words = []
    for key in keys:
        if key == "any":
            return "所有孩子" if lang != "en" else "all children"
        plus = key.endswith("+")
        n = int(key.rstrip("+"))
        if lang == "en":
            words.append(ordinal_child(n, lang) + (" and later" if plus else ""))
        else:
            words.append(f"{cn_number(n)}孩" + ("及以上" if plus else ""))
    return ("、" if lang != "en" else ", ").join(words)
