"""POST /api/v1/entitlements: the contract of shared/api.md, and every bad input a 400."""

from __future__ import annotations

import pytest

URL = "/api/v1/entitlements"
pytestmark = pytest.mark.django_db

FAMILY = {
    "jurisdiction": "410105",
    "as_of": "2025-03-01",
    "parents": [
        {"role": "mother", "hukou": "410105", "employed": True},
        {"role": "father", "hukou": "410102", "employed": True},
    ],
    "children": [
        {"birth_date": "2021-03-02", "hukou": "410105"},
        {"birth_date": "2024-07-01", "hukou": "410105"},
        {"expected_date": "2025-09-01"},
    ],
}


def post(client, body, **extra):
    data = body if isinstance(body, (str, bytes)) else __import__("json").dumps(body)
    return client.post(URL, data, content_type="application/json", **extra)


def errors_of(response) -> dict[str, str]:
    assert response.status_code == 400, response.content[:300]
    return {e["field"]: e["message"] for e in response.json()["errors"]}


DOCUMENTED = [
    "name",
    "jurisdiction",
    "category",
    "eligible",
    "basis",
    "child",
    "parent",
    "amount",
    "period",
    "period_amount",
    "periods",
    "leave_type",
    "days",
    "start",
    "end",
    "citation",
]


def test_each_cash_entitlement_says_what_a_claim_needs(client) -> None:
    answer = post(client, FAMILY | {"lang": "en"}).json()

    subsidy = next(e for e in answer["entitlements"] if e["program"].startswith("zhengzhou"))
    assert subsidy["documents"] and all(isinstance(d, str) for d in subsidy["documents"])
    assert not any("出生" in d for d in subsidy["documents"])  # in the language asked


def test_each_entitlement_says_how_to_claim_it_in_the_language_asked(client) -> None:
    """Fields added to the contract: `claim` (where, how, who pays, how it is known) and the
    citation's `title_en`; nothing renamed or dropped."""
    answer = post(client, FAMILY | {"lang": "en"}).json()
    by_program = {(e["program"], e["child"], e["parent"]): e for e in answer["entitlements"]}
    subsidy = by_program["zhengzhou-2023-childrearing-subsidy", 1, None]
    assert subsidy["claim"] == {
        "channel": "office",
        "how": "Once the child's hukou is registered in Zhengzhou, claim where it is registered.",
        "where": "The health commission of the district or county where the child's hukou is "
        "registered",
        "pays": "Zhengzhou and the district or county of the child's hukou",
        "time_to_pay": None,
        "url": None,
        "source": "general",  # the document does not say: the page says so
        "clause": "",
    }
    leave = by_program["zhengzhou-2023-parental-leave", 1, "mother"]
    assert leave["claim"]["channel"] == "employer"
    assert (leave["claim"]["source"], leave["claim"]["clause"]) == ("policy", "二（一）")
    assert "pay and bonuses are paid as usual" in leave["claim"]["pays"]
    assert all(e["claim"] for e in answer["entitlements"])  # every program in the files has one
    maternity = by_program["national-maternity-leave", 1, "mother"]
    assert maternity["citation"]["title_en"] == (
        "Special Rules on the Labour Protection of Female Employees"
    )


def test_it_answers_the_documented_shape(client) -> None:
    answer = post(client, FAMILY).json()
    assert answer["as_of"] == "2025-03-01"
    assert answer["jurisdiction"]["name"] == "金水区"
    assert [p["code"] for p in answer["jurisdiction"]["path"]] == [
        "100000",
        "410000",
        "410100",
        "410105",
    ]
    assert answer["children"] == [
        {"index": 0, "birth_order": 1},
        {"index": 1, "birth_order": 2},
        {"index": 2, "birth_order": 3},
    ]
    subsidy = next(
        e
        for e in answer["entitlements"]
        if e["program"] == "zhengzhou-2023-childrearing-subsidy" and e["child"] == 1
    )
    assert {k: subsidy[k] for k in DOCUMENTED} == {
        "name": "育儿补贴（郑州）",
        "jurisdiction": "410100",
        "category": "one_off",
        "eligible": True,
        "basis": "entitlement",
        "child": 1,
        "parent": None,
        "amount": "5000.00",
        "period": None,
        "period_amount": None,
        "periods": None,
        "leave_type": None,
        "days": None,
        "start": "2024-07-01",
        "end": None,
        "citation": {
            "document": "郑政〔2023〕19号",
            "clause": "二（七）",
            "title": "郑州市优化生育政策促进人口长期均衡发展实施办法",
            "title_en": "Zhengzhou Measures to Optimise the Birth Policy and Promote Long-term "
            "Balanced Population Development",
            "url": None,
            "confidence": "confirmed",
        },
    }
    assert answer["rules_version"].count(".") == 1
    assert set(answer["totals"]) == {"one_off", "recurring"}


def test_recurring_entries_give_period_amount_and_periods(client) -> None:
    answer = post(client, FAMILY).json()
    national = next(
        e
        for e in answer["entitlements"]
        if e["program"] == "national-2025-childcare-subsidy" and e["child"] == 1
    )
    assert (national["period"], national["period_amount"], national["periods"]) == (
        "month",
        "300.00",
        31,
    )
    assert national["amount"] == "9300.00"
    assert len(national["payments"]) == 31


def test_it_answers_in_english(client) -> None:
    answer = post(client, FAMILY | {"lang": "en"}).json()
    assert answer["jurisdiction"]["name"] == "Jinshui District"
    subsidy = next(
        e
        for e in answer["entitlements"]
        if e["program"] == "zhengzhou-2023-childrearing-subsidy" and e["child"] == 1
    )
    assert subsidy["name"] == "Childrearing subsidy (Zhengzhou)"
    assert subsidy["reason"].startswith("Second child; born 1 July 2024")


def test_as_of_defaults_to_today_in_shanghai(client) -> None:
    family = {k: v for k, v in FAMILY.items() if k != "as_of"} | {
        "children": FAMILY["children"][:2]
    }
    answer = post(client, family).json()
    assert answer["as_of"]  # a date, today in Asia/Shanghai


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"jurisdiction": "999999"}, "jurisdiction"),
        ({"jurisdiction": "41010"}, "jurisdiction"),
        ({"jurisdiction": None}, "jurisdiction"),
        ({"as_of": "2025-13-01"}, "as_of"),
        ({"as_of": "yesterday"}, "as_of"),
        ({"lang": "fr"}, "lang"),
        ({"parents": []}, "parents"),
        ({"parents": "mother"}, "parents"),
        ({"parents": [{"role": "aunt"}]}, "parents[0].role"),
        ({"parents": [{"role": "mother"}, {"role": "mother"}]}, "parents[1].role"),
        ({"parents": [{"role": "mother"}, {"role": "father"}, {"role": "father"}]}, "parents"),
        ({"parents": [{"role": "mother", "hukou": "123"}]}, "parents[0].hukou"),
        ({"parents": [{"role": "mother", "employed": "yes"}]}, "parents[0].employed"),
        (
            {"parents": [{"role": "mother", "unemployment_benefit": -5}]},
            "parents[0].unemployment_benefit",
        ),
        ({"children": [{"birth_date": "2025-05-01"}]}, "children[0].birth_date"),
        ({"children": [{"birth_date": "2024-02-30"}]}, "children[0].birth_date"),
        ({"children": [{}]}, "children[0].birth_date"),
        (
            {"children": [{"birth_date": "2024-01-01", "expected_date": "2025-06-01"}]},
            "children[0].expected_date",
        ),
        ({"children": [{"expected_date": "2024-06-01"}]}, "children[0].expected_date"),
        ({"children": [{"expected_date": "2026-06-01"}]}, "children[0].expected_date"),
        ({"children": [{"birth_date": "2024-01-01", "hukou": "ABCDEF"}]}, "children[0].hukou"),
        (
            {"children": [{"birth_date": "2024-01-01", "difficult_birth": 1}]},
            "children[0].difficult_birth",
        ),
        ({"children": [{"birth_date": "2024-01-01"}] * 21}, "children"),
        ({"children": ["2024-01-01"]}, "children[0]"),
    ],
)
def test_each_bad_field_is_named(client, change: dict, field: str) -> None:
    assert field in errors_of(post(client, FAMILY | change))


def test_every_problem_is_named_at_once(client) -> None:
    bad = FAMILY | {
        "jurisdiction": "999999",
        "as_of": "2025-03-01",
        "children": [{"birth_date": "2025-05-01"}, {}, {"birth_date": "2024-01-01", "hukou": "1"}],
    }
    assert set(errors_of(post(client, bad))) == {
        "jurisdiction",
        "children[0].birth_date",
        "children[1].birth_date",
        "children[2].hukou",
    }


def test_messages_follow_the_language_asked(client) -> None:
    zh = errors_of(post(client, FAMILY | {"children": [{"birth_date": "2025-05-01"}]}))
    en = errors_of(
        post(client, FAMILY | {"lang": "en", "children": [{"birth_date": "2025-05-01"}]})
    )
    assert zh["children[0].birth_date"] == "出生日期晚于查询日期"
    assert en["children[0].birth_date"] == "the birth date is after as_of"


@pytest.mark.parametrize("body", ["not json", "[1, 2]", "null", "", b"\xff\xfe"])
def test_a_body_that_is_not_a_json_object_is_a_400(client, body) -> None:
    assert "body" in errors_of(post(client, body))


def test_wrong_types_from_the_schema_are_still_our_400(client) -> None:
    assert "parents[0].role" in errors_of(post(client, FAMILY | {"parents": [{"role": 5}]}))


def test_only_post_is_allowed(client) -> None:
    assert client.get(URL).status_code == 405


def test_the_openapi_description_documents_the_endpoint(client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    operation = spec["paths"]["/api/v1/entitlements"]["post"]
    assert {"200", "400"} <= set(operation["responses"])
    assert "EntitlementRequest" in str(operation["requestBody"])


def test_an_answer_costs_no_query(client, django_assert_num_queries) -> None:
    """The rules, the places and their versions are kept in the process (the versions checked
    in the shared cache at most once a second): answering reads nothing from the database."""
    post(client, FAMILY)
    with django_assert_num_queries(0):
        assert post(client, FAMILY).status_code == 200


def test_a_parent_s_place_of_work_is_read_and_decides_the_leave(client) -> None:
    family = FAMILY | {
        "parents": [
            {"role": "mother", "hukou": "410105"},
            {"role": "father", "hukou": "410105", "works_in": "330106"},
        ]
    }
    answer = post(client, family).json()
    paternity = {
        e["program"]: e
        for e in answer["entitlements"]
        if e["leave_type"] == "paternity" and e["child"] == 1
    }
    assert paternity["zhejiang-paternity-leave"]["eligible"]
    assert paternity["zhejiang-paternity-leave"]["jurisdiction_name"] == "浙江省"
    assert not paternity["henan-paternity-leave"]["eligible"]
    assert paternity["henan-paternity-leave"]["would_change"][0]["field"] == "parents[1].works_in"


def test_every_entitlement_says_what_the_family_gets(client) -> None:
    answer = post(client, FAMILY).json()
    bases = {e["program"]: e["basis"] for e in answer["entitlements"]}
    assert bases["zhengzhou-2023-leave-until-first-birthday"] == "employer_may"
    assert bases["zhengzhou-2023-childrearing-subsidy"] == "entitlement"


def test_the_openapi_description_is_the_contract_and_the_answer_matches_it(client) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    schemas = spec["components"]["schemas"]
    assert "works_in" in schemas["ParentIn"]["properties"]
    assert schemas["EntitlementOut"]["properties"]["basis"]["enum"] == [
        "entitlement",
        "employer_may",
        "in_kind",
    ]
    answer = post(client, FAMILY).json()
    assert set(answer) == set(schemas["EntitlementResponse"]["properties"])
    for entitlement in answer["entitlements"]:
        assert set(entitlement) == set(schemas["EntitlementOut"]["properties"])
        assert set(entitlement["citation"]) == set(schemas["Citation"]["properties"])


@pytest.mark.parametrize(
    "body",
    [
        '{"jurisdiction": "410105", "parents": [{"role": "mother", "unemployment_benefit": NaN}]}',
        "[" * 5000 + "]" * 5000,
        '{"jurisdiction": "410105", "parents": [{"role": "mother"}], "as_of": Infinity}',
    ],
    ids=["NaN", "nested 5000 deep", "Infinity"],
)
def test_what_is_not_json_is_refused_as_the_body(client, body: str) -> None:
    assert errors_of(post(client, body)) == {"body": "请求内容不是有效的JSON"}


def test_a_date_in_another_iso_form_is_refused(client) -> None:
    bad = FAMILY | {"as_of": "2025-W10-1"}
    assert errors_of(post(client, bad)) == {"as_of": "日期格式应为YYYY-MM-DD"}


def test_an_unknown_code_is_named_with_its_value(client) -> None:
    bad = FAMILY | {"parents": [{"role": "mother", "hukou": "999999"}]}
    assert errors_of(post(client, bad)) == {"parents[0].hukou": "未知的行政区划代码：999999"}
