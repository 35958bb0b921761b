"""What a kind's parameters may be: one pydantic model per kind, which checks a policy file's
`params` (for the loader and the admin, naming each bad field) and is what the kind reads, with
its defaults said once."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StrictInt, StringConstraints

# A birth order as a table key: "1", "2", "3+" (the third and every later child) or "any".
OrderKey = Annotated[str, StringConstraints(pattern=r"^(any|[1-9][0-9]?\+?)$")]
# Yuan, to the fen: never negative, never more than a family could be paid at once.
Money = Annotated[Decimal, Field(ge=0, le=1_000_000, decimal_places=2, allow_inf_nan=False)]
Days = Annotated[StrictInt, Field(ge=0, le=1000)]
Months = Annotated[StrictInt, Field(ge=1, le=240)]
MoneyByOrder = Annotated[dict[OrderKey, Money], Field(min_length=1)]
DaysByOrder = Annotated[dict[OrderKey, Days], Field(min_length=1)]


class Params(BaseModel):
    """The parameters of one kind of rule; unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", frozen=True)
