"""Query budgets of the parents' pages: each page reads the session and the household with its
parents and children (four queries), the results page also what was applied for (five), however
many children the family has and whether the results are computed or come from the cache."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from tests.questionnaire.support import Family, Kid, walk

pytestmark = pytest.mark.django_db

BUDGETS = {
    "/": 4,
    "/place/": 4,
    "/parents/": 4,
    "/children/": 4,
    "/check/": 4,
    "/results/": 5,
    "/results/calendar.ics": 4,
}


def family(children: int) -> Family:
    born = ["2024-07-01", "2022-03-02", "2019-05-01"][:children]
    return Family(
        "郑州",
        home="410105",
        mother="410105",
        father="410102",
        children=[Kid(day, hukou="410105") for day in born],
    )


@pytest.mark.parametrize("children", [1, 3])
@pytest.mark.parametrize("path", list(BUDGETS))
def test_each_page_keeps_its_query_budget_whatever_the_family(
    client, path, children, django_assert_max_num_queries
):
    walk(client, family(children))
    cache.clear()  # the first view computes the results, the second finds them in the cache

    for _ in range(2):
        with django_assert_max_num_queries(BUDGETS[path]):
            response = client.get(path)
        assert response.status_code == 200
