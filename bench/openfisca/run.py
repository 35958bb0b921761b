"""OpenFisca's side of bench/openfisca_compare.py, run in bench/.venv-openfisca:

    bench/.venv-openfisca/bin/python bench/openfisca/run.py HOUSEHOLDS.json AS_OF ROUNDS

reads the generated households (persons with their role, child date, index, couple and hukou),
computes 郑州's grant for every person vectorised (best of ROUNDS: building the simulation from
arrays, then calculating), and for one household at a time (the median over the first
households), and prints JSON: each person's amount and the timings.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import numpy

sys.path.insert(0, str(Path(__file__).resolve().parent))

from openfisca_core.simulations import SimulationBuilder
from openfisca_zhengzhou import CountryTaxBenefitSystem

VARIABLE = "zhengzhou_childrearing_subsidy"


def simulate(system, households: list[list[dict]], as_of: str):
    """One simulation of every person of `households`, from arrays."""
    persons = [p for household in households for p in household]
    person_ids = [f"p{n}" for n in range(len(persons))]
    household_of = [f"h{h}" for h, household in enumerate(households) for _ in household]
    builder = SimulationBuilder()
    builder.create_entities(system)
    builder.declare_person_entity("person", person_ids)
    instance = builder.declare_entity("household", [f"h{h}" for h in range(len(households))])
    builder.join_with_persons(instance, household_of, [p["role"] for p in persons])
    simulation = builder.build(system)
    dates = numpy.array([p["date"] or "1900-01-01" for p in persons], dtype="datetime64[D]")
    simulation.set_input("child_date", "eternity", dates)
    simulation.set_input("child_index", "eternity", numpy.array([p["index"] for p in persons]))
    simulation.set_input(
        "of_this_couple", "eternity", numpy.array([p["couple"] for p in persons], dtype=bool)
    )
    simulation.set_input("hukou", "eternity", numpy.array([p["hukou"] for p in persons]))
    return simulation


def main() -> None:
    path, as_of, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
    households = json.loads(Path(path).read_text())
    system = CountryTaxBenefitSystem()
    build, calculate = [], []
    amounts = None
    for _ in range(rounds):
        start = time.perf_counter()
        simulation = simulate(system, households, as_of)
        middle = time.perf_counter()
        amounts = simulation.calculate(VARIABLE, as_of)
        end = time.perf_counter()
        build.append(middle - start)
        calculate.append(end - middle)
    one = []
    for household in households[:500]:
        start = time.perf_counter()
        simulate(system, [household], as_of).calculate(VARIABLE, as_of)
        one.append(time.perf_counter() - start)
    json.dump(
        {
            "amounts": [int(a) for a in amounts],
            "build_s": min(build),
            "calculate_s": min(calculate),
            "total_s": min(b + c for b, c in zip(build, calculate, strict=True)),
            "one_household_median_s": statistics.median(one),
            "openfisca_core": __import__("openfisca_core").__version__
            if hasattr(__import__("openfisca_core"), "__version__")
            else "",
        },
        sys.stdout,
    )


if __name__ == "__main__":
    main()
