"""How long the engine alone takes to evaluate one family, on the shipped policy files.

Usage: python tools/bench_engine.py [ROUNDS]

No database and no Django: the engine runs on the fixture files read into plain data, as in
its tests. Times are CPU time of this thread (time.thread_time_ns), so other work on the machine
does not inflate them much. For each of the five places with a local policy, and for three shapes
of family (a newborn; a newborn and an older child; both and one expected), prints the number of
entitlements and the median and 95th percentile per evaluation.
"""

from __future__ import annotations

import statistics
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.benefits.engine import Child, Family, Parent, evaluate
from apps.benefits.policy_files import places_from_file, rules_from_files

PLACES = places_from_file()
RULES = rules_from_files()
AS_OF = date(2025, 6, 1)
TOWNS = {"郑州市金水区": "410105", "永济市": "140881", "蒙自市": "532503", "拱墅区": "330105",
         "庆元县": "331126"}  # fmt: skip
CHILDREN = (
    Child(0, birth_date=date(2024, 7, 1)),
    Child(1, birth_date=date(2021, 3, 2)),
    Child(2, expected_date=date(2025, 11, 1)),
)
SHAPES = {"1 child": 1, "2 children": 2, "2 + expected": 3}


def family(code: str, children: int = 3) -> Family:
    """Two employed parents, everyone registered where they live, and the first `children` of
    a newborn, an older child and one expected."""
    return Family(
        parents=(Parent("mother", code), Parent("father", code)),
        children=tuple(
            Child(c.index, c.birth_date, c.expected_date, hukou=code) for c in CHILDREN[:children]
        ),
    )


def timed(fam: Family, code: str, rounds: int) -> tuple[int, list[float]]:
    for _ in range(50):  # warm up
        evaluate(fam, jurisdiction=code, as_of=AS_OF, rules=RULES, places=PLACES)
    timings = []
    for _ in range(rounds):
        start = time.thread_time_ns()
        result = evaluate(fam, jurisdiction=code, as_of=AS_OF, rules=RULES, places=PLACES)
        timings.append((time.thread_time_ns() - start) / 1000)
    return len(result.entitlements), timings


def line(label: str, timings: list[float]) -> str:
    p95 = statistics.quantiles(timings, n=20)[-1]
    return f"{label}  median {statistics.median(timings):7.1f} µs  p95 {p95:7.1f} µs"


def main(rounds: int) -> None:
    for shape, children in SHAPES.items():
        everything: list[float] = []
        for town, code in TOWNS.items():
            count, timings = timed(family(code, children), code, rounds)
            everything += timings
            print(line(f"{shape:13} {town:8} {count:3} entitlements", timings))
        print(line(f"{shape:13} all", everything))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
