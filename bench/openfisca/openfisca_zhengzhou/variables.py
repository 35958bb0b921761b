"""The facts of each person (inputs) and the grant (a formula), vectorised over all persons."""

from __future__ import annotations

from datetime import date

import numpy
from openfisca_core.periods import DAY, ETERNITY
from openfisca_core.variables import Variable

from openfisca_zhengzhou.entities import Household, Person

# 本办法自2023年9月1日起施行: births (or due dates) from this day are covered.
EVENTS_FROM = numpy.datetime64("2023-09-01")
ZHENGZHOU = 4101  # the first four digits of 郑州市 (410100) and of every place under it


class child_date(Variable):
    value_type = date
    entity = Person
    definition_period = ETERNITY
    label = "The day of birth, or the expected day of a pregnancy"


class child_index(Variable):
    value_type = int
    entity = Person
    definition_period = ETERNITY
    label = "The child's place in the list of children as given (orders twins)"


class of_this_couple(Variable):
    value_type = bool
    default_value = True
    entity = Person
    definition_period = ETERNITY
    label = "A child of the couple (not of one parent only)"


class hukou(Variable):
    value_type = int
    entity = Person
    definition_period = ETERNITY
    label = "GB/T 2260 code of the hukou place; 0 when unknown"


class birth_order(Variable):
    value_type = int
    entity = Person
    definition_period = ETERNITY
    label = "Birth order among the couple's children (0 for a parent or another's child)"

    def formula(person, period, parameters):
        couple_child = person.has_role(Household.CHILD) * person("of_this_couple", period)
        days = person("child_date", period).astype("datetime64[D]").astype("int64")
        criteria = days * 32 + person("child_index", period)  # by date, then as listed
        return person.get_rank(person.household, criteria, condition=couple_child) + 1


class zhengzhou_childrearing_subsidy(Variable):
    value_type = float
    entity = Person
    definition_period = DAY
    label = "郑州育儿补贴 (one-off, yuan), decided by the child's date; asked on a day"
    reference = "郑政〔2023〕19号 二（七）"

    def formula(person, period, parameters):
        amounts = parameters(period).zhengzhou.childrearing_subsidy
        order = person("birth_order", period)
        day = person("child_date", period)
        registered = person("hukou", period) // 100 == ZHENGZHOU
        in_window = day >= EVENTS_FROM
        amount = numpy.select(
            [order == 1, order == 2, order >= 3],
            [amounts.first, amounts.second, amounts.third_or_later],
            0,
        )
        return amount * registered * in_window


variables = [
    child_date,
    child_index,
    of_this_couple,
    hukou,
    birth_order,
    zhengzhou_childrearing_subsidy,
]
