"""A one-rule OpenFisca country package: 郑州's one-off 育儿补贴 (郑政〔2023〕19号 二（七）), for
bench/openfisca_compare.py only. It runs in bench/.venv-openfisca, never in the project's.

"实施育儿补贴制度，对新生儿入户我市的一孩、二孩、三孩及以上家庭分别一次性发放2000元、5000元、
15000元的育儿补贴" and "本办法自2023年9月1日起施行": a child of the couple born (or expected) on or
after 2023-09-01 whose hukou is registered in 郑州 gets 2,000, 5,000 or 15,000 yuan by birth
order, counted among the couple's children, each baby of a multiple birth its own order. The
same reading as the project's engine (fixtures/policies/zhengzhou-2023.json).
"""

from __future__ import annotations

from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from openfisca_zhengzhou.entities import entities
from openfisca_zhengzhou.variables import variables


class ZhengzhouTaxBenefitSystem(TaxBenefitSystem):
    def __init__(self) -> None:
        super().__init__(entities)
        self.load_parameters(str(Path(__file__).parent / "parameters"))
        for variable in variables:
            self.add_variable(variable)


CountryTaxBenefitSystem = ZhengzhouTaxBenefitSystem
