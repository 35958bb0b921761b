"""How long the engine alone takes to evaluate one family, on the shipped policy files.

Usage: python tools/bench_engine.py [ROUNDS]

No database and no Django: the engine runs on the fixture files read into plain data, as in
its tests. Times are CPU time of this thread (time.thread_time_ns), so other work on
the machine does not inflate them. Prints the median and 95th percentile per family for a family in each of the five
places with a local policy, and over all of them.
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


def family(code: str) -> Family:
    """Two employed parents, two children born and one expected: a typical busy case."""
    return Family(
        parents=(Parent("mother", code), Parent("father", code)),
        children=(
            Child(0, birth_date=date(2021, 3, 2), hukou=code),
            Child(1, birth_date=date(2024, 7, 1), hukou=code),
            Child(2, expected_date=date(2025, 11, 1), hukou=code),
        ),
    )


def main(rounds: int) -> None:
    places = {
        "郑州市金水区": "410105",
        "永济市": "140881",
        "蒙自市": "532503",
        "拱墅区": "330105",
        "庆元县": "331126",
    }
    everything: list[float] = []
    for name, code in places.items():
        fam = family(code)
        for _ in range(50):  # warm up
            evaluate(fam, jurisdiction=code, as_of=AS_OF, rules=RULES, places=PLACES)
        timings = []
        for _ in range(rounds):
            start = time.thread_time_ns()
            result = evaluate(fam, jurisdiction=code, as_of=AS_OF, rules=RULES, places=PLACES)
            timings.append((time.thread_time_ns() - start) / 1000)
        everything += timings
        p95 = statistics.quantiles(timings, n=20)[-1]
        print(
            f"{name:8} {len(result.entitlements):3} entitlements  "
            f"median {statistics.median(timings):7.1f} µs  p95 {p95:7.1f} µs"
        )
    p95 = statistics.quantiles(everything, n=20)[-1]
    print(
        f"all      median {statistics.median(everything):7.1f} µs  p95 {p95:7.1f} µs "
        f"over {len(everything)} evaluations"
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
