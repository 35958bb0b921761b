"""The engine alone, no database and no Django: one family at a time, and many families.

    python bench/engine.py [--rounds 2000] [--families 100000] [--profile]

1. Per family: for each of the five places with a local policy (the five source documents) and
   three shapes of family (a newborn; a newborn and an older child; both and one expected), the
   number of entitlements and the median and 95th percentile of one `evaluate`, in CPU time of
   this thread (time.thread_time_ns), so other work on the machine inflates them little.
2. Households per second over `--families` generated families (bench/families.py) living in
   every place a policy file names, one place under each, and 300 other places: `evaluate` one
   by one, the batch path (`apps.benefits.engine.batch`), and the batch in program-major order
   (each program over a group of families with the same places, "columnar" in plain Python),
   which the batch path does not use; each checked equal to `evaluate` on the first 2,000; and
   the batch of the cash programs only, as the recompute and the impact preview run it (its
   cash entries checked equal to `evaluate`'s).
3. With --profile, where the batch's time goes (cProfile over 5,000 families).

Rules and places are read from the fixture files (apps.benefits.policy_files), as the engine's
tests do.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import timeit
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.benefits.engine import Child, Entitlement, Evaluation, Family, Parent, Rule, evaluate
from apps.benefits.engine.batch import Batch, evaluate_many
from apps.benefits.engine.evaluate import _applies_to, family_places, finish
from apps.benefits.engine.kinds import Context
from apps.benefits.policy_files import places_from_file, rules_from_files
from bench.families import AS_OF, families, sample_places

PLACES = places_from_file()
RULES = rules_from_files()
TOWNS = {"郑州市金水区": "410105", "永济市": "140881", "蒙自市": "532503", "拱墅区": "330105",
         "庆元县": "331126"}  # fmt: skip
CHILDREN = (
    Child(0, birth_date=date(2024, 7, 1)),
    Child(1, birth_date=date(2021, 3, 2)),
    Child(2, expected_date=date(2025, 11, 1)),
)
SHAPES = {"1 child": 1, "2 children": 2, "2 + expected": 3}


def town_family(code: str, children: int = 3) -> Family:
    """Two employed parents, everyone registered where they live, and the first `children` of
    a newborn, an older child and one expected."""
    return Family(
        parents=(Parent("mother", code), Parent("father", code)),
        children=tuple(
            Child(c.index, c.birth_date, c.expected_date, hukou=code) for c in CHILDREN[:children]
        ),
    )


def timed(family: Family, code: str, rounds: int) -> tuple[int, list[float]]:
    for _ in range(50):  # warm up
        evaluate(family, jurisdiction=code, as_of=AS_OF, rules=RULES, places=PLACES)
    timings = []
    for _ in range(rounds):
        start = time.thread_time_ns()
        result = evaluate(family, jurisdiction=code, as_of=AS_OF, rules=RULES, places=PLACES)
        timings.append((time.thread_time_ns() - start) / 1000)
    return len(result.entitlements), timings


def per_family(rounds: int) -> None:
    print(
        f"== one evaluate() per family, CPU time, {rounds} rounds each ({len(RULES.programs)} programs)"
    )
    for shape, children in SHAPES.items():
        everything: list[float] = []
        for town, code in TOWNS.items():
            count, timings = timed(town_family(code, children), code, rounds)
            everything += timings
            print(line(f"{shape:13} {town:8} {count:3} entitlements", timings))
        print(line(f"{shape:13} all", everything))


def line(label: str, timings: list[float]) -> str:
    p95 = statistics.quantiles(timings, n=20)[-1]
    return f"{label}  median {statistics.median(timings):7.1f} µs  p95 {p95:7.1f} µs"


def program_major(batch: Batch, group: list[tuple[Family, str]]) -> list[Evaluation]:
    """The batch's evaluations with the loops turned round ("columnar" in plain Python): each
    program of the rule set over every family of the group it concerns, then each family's
    paid-once groups, leave and order. A measurement only: the same functions as
    `Batch.evaluate`, in another order, so each family's entries come in the same order."""
    number = {id(program): n for n, program in enumerate(batch.rules.programs)}
    prepared = []
    columns: dict[int, list[tuple[Any, Rule, Context, list[Rule], list[Entitlement]]]] = {}
    for family, home in group:
        ctx = Context(family=family, places=batch.places, as_of=batch.as_of, lang=batch.lang,
                      rules=batch.rules, residence=home)  # fmt: skip
        considered = family_places(family, home)
        around = batch.around(considered)
        entitlements: list[Entitlement] = []
        prepared.append((family, ctx, considered, around, entitlements))
        for program, evaluate_kind, stand_ins in around.steps:
            columns.setdefault(number[id(program)], []).append(
                (evaluate_kind, program, ctx, stand_ins, entitlements)
            )
    for n in sorted(columns):
        for evaluate_kind, program, ctx, stand_ins, entitlements in columns[n]:
            entries = evaluate_kind(ctx, program)
            if stand_ins:
                entries = [e for e in entries if not any(_applies_to(ctx, s, e) for s in stand_ins)]
            entitlements.extend(entries)
    return [
        finish(ctx, around.programs, entitlements, batch.depth, considered, around.coverage)
        for _family, ctx, considered, around, entitlements in prepared
    ]


def households_per_second(count: int) -> None:
    homes = sample_places(RULES, PLACES)
    made = families(count, homes=homes, elsewhere=homes, seed=13)
    children = sum(len(f.children) for f, _ in made)
    print(
        f"\n== {count:,} generated families ({children:,} children) in {len(homes)} places "
        f"({len(homes) - 300} named by a policy file or under one, 300 others), {len(RULES.programs)} programs, as of {AS_OF}"
    )

    # Each way yields the evaluations as they come; the caller keeps none (as the recompute
    # and the impact preview do), so the garbage collector has no growing heap to walk.
    def one_by_one(group: Iterable[tuple[Family, str]]) -> Iterator[Evaluation]:
        for f, h in group:
            yield evaluate(f, jurisdiction=h, as_of=AS_OF, rules=RULES, places=PLACES)

    def batched(group: Iterable[tuple[Family, str]]) -> Iterator[Evaluation]:
        return evaluate_many(group, as_of=AS_OF, rules=RULES, places=PLACES)

    def columnar(group: list[tuple[Family, str]]) -> Iterator[Evaluation]:
        batch = Batch(rules=RULES, places=PLACES, as_of=AS_OF)
        for start in range(0, len(group), 1000):  # a thousand families at a time
            yield from program_major(batch, group[start : start + 1000])

    sample = made[:2000]
    reference = list(one_by_one(sample))
    ways: dict[str, Callable[[list[tuple[Family, str]]], Iterator[Evaluation]]] = {
        "evaluate() one by one": one_by_one,
        "batch (engine/batch.py)": batched,
        "batch, program-major": columnar,
    }
    for name, way in ways.items():
        assert list(way(sample)) == reference, f"{name} differs from evaluate()"

    def cash_only(group: Iterable[tuple[Family, str]]) -> Iterator[Evaluation]:
        return evaluate_many(group, as_of=AS_OF, rules=RULES, places=PLACES, cash_only=True)

    def cash(evaluations: Iterable[Evaluation]) -> list[list[Entitlement]]:
        return [[e for e in ev.entitlements if e.counted_cash] for ev in evaluations]

    assert cash(cash_only(sample)) == cash(reference), "the cash-only batch differs in cash"
    ways["batch, cash only (recompute)"] = cash_only
    # Households/s and the ratio are of this process's CPU time, which others' work on a shared
    # machine inflates far less than the wall clock (both are printed).
    cpu = {}
    for name, way in ways.items():
        start, started = time.perf_counter(), time.process_time()
        entitlements = sum(len(evaluation.entitlements) for evaluation in way(made))
        wall = time.perf_counter() - start
        cpu[name] = time.process_time() - started
        print(
            f"{name:30} {cpu[name]:6.2f} s CPU ({wall:6.2f} s wall)  "
            f"{count / cpu[name]:8,.0f} households/s  {entitlements:,} entitlements  "
            f"x{cpu['evaluate() one by one'] / cpu[name]:.2f} of one by one"
        )


def profile(count: int) -> None:
    homes = sample_places(RULES, PLACES)
    made = families(count, homes=homes, elsewhere=homes, seed=7)
    profiler = cProfile.Profile()
    profiler.enable()
    list(evaluate_many(made, as_of=AS_OF, rules=RULES, places=PLACES))
    profiler.disable()
    stats = pstats.Stats(profiler)
    total = stats.total_tt  # type: ignore[attr-defined]
    print(
        f"\n== where the batch's time goes: cProfile over {count:,} families, own time (total {total:.2f} s under the profiler)"
    )
    rows = sorted(stats.stats.items(), key=lambda kv: kv[1][2], reverse=True)[:14]  # type: ignore[attr-defined]
    for (path, lineno, name), (_, calls, own, _cum, _) in rows:
        where = f"{os.path.relpath(path) if path.startswith('/') else path}:{lineno}({name})"
        print(f"  {100 * own / total:5.1f}%  {calls:9,} calls  {where}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=2000)
    parser.add_argument("--families", type=int, default=100_000)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    # How fast the machine is today, in a unit anyone can measure again (a shared machine's
    # speed varies from day to day): python -m timeit "sum(range(1000))", best of 5.
    unit = min(timeit.repeat("sum(range(1000))", number=20_000, repeat=5)) / 20_000
    print(
        f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
        f", sum(range(1000)) in {unit * 1e6:.1f} µs"
    )
    per_family(args.rounds)
    households_per_second(args.families)
    if args.profile:
        profile(5000)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
