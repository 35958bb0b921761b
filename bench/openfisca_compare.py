"""Our engine beside OpenFisca on one rule: 郑州's one-off 育儿补贴 (郑政〔2023〕19号 二（七）:
2,000, 5,000 and 15,000 yuan for a first, second, third or later child of the couple born from
2023-09-01 with hukou in 郑州), on the same generated households.

    python bench/openfisca_compare.py [--households 10000] [--rounds 3]

OpenFisca runs in its own virtualenv, bench/.venv-openfisca, made here on first use
(`python3 -m venv`, then `pip install openfisca-core==OPENFISCA_VERSION` from PyPI); it is not
one of the project's dependencies. Its one-rule country package is bench/openfisca/.

The households (bench/families.py) live in 郑州 half the time; children are registered there,
elsewhere or nowhere; born before and after the window, expected, twins, another parent's. Our
engine evaluates them on a rule set of that one program; OpenFisca computes the grant for every
person at once. Each child's amount must be the same from both (the script fails otherwise).
Timings, best of --rounds: ours one by one (`evaluate` in a loop), ours batched
(`engine/batch.py`), OpenFisca vectorised (building the simulation from arrays, and
calculating); and one household on its own for each (median over 500).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from apps.benefits.engine import Evaluation, Family, RuleSet, evaluate  # noqa: E402
from apps.benefits.engine.batch import evaluate_many  # noqa: E402
from apps.benefits.policy_files import places_from_file, rules_from_files  # noqa: E402
from bench.families import AS_OF, families, sample_places  # noqa: E402

OPENFISCA_VERSION = "46.0.1"
VENV = ROOT / "bench" / ".venv-openfisca"
SLUG = "zhengzhou-2023-childrearing-subsidy"
PLACES = places_from_file()
ALL_RULES = rules_from_files()
RULES = RuleSet((ALL_RULES.by_slug[SLUG],), version="one rule")


def openfisca_python() -> Path:
    python = VENV / "bin" / "python"
    if not python.exists():
        print(
            f"making {VENV.relative_to(ROOT)}: openfisca-core {OPENFISCA_VERSION} from PyPI",
            flush=True,
        )
        subprocess.run(["python3", "-m", "venv", str(VENV)], check=True)
        subprocess.run(
            [
                str(VENV / "bin" / "pip"),
                "install",
                "--quiet",
                f"openfisca-core=={OPENFISCA_VERSION}",
            ],
            check=True,
        )
    return python


def households(count: int) -> list[tuple[Family, str]]:
    zhengzhou = ["410100", *(c for c, p in PLACES.by_code.items() if p.parent == "410100")]
    others = sample_places(ALL_RULES, PLACES)
    homes = zhengzhou * (len(others) // len(zhengzhou)) + others  # half of them in 郑州
    return families(count, homes=homes, elsewhere=[*zhengzhou, *others], seed=2023)


def as_persons(made: list[tuple[Family, str]]) -> list[list[dict[str, object]]]:
    def code(value: str | None) -> int:
        return int(value) if value else 0

    return [
        [{"role": "parent", "date": None, "index": 0, "couple": True, "hukou": code(p.hukou)}
         for p in family.parents]
        + [{"role": "child", "date": c.date.isoformat(), "index": c.index,
            "couple": c.of_this_couple, "hukou": code(c.hukou)} for c in family.children]
        for family, _ in made
    ]  # fmt: skip


def our_amounts(evaluations: Iterable[Evaluation], made: list[tuple[Family, str]]) -> list[int]:
    """Each person's grant, in the persons' order: 0 for parents and children not paid. The
    evaluations are read as they come and not kept, as OpenFisca keeps only its arrays."""
    amounts: list[int] = []
    for evaluation, (family, _) in zip(evaluations, made, strict=True):
        paid = {e.child: int(e.amount or 0) for e in evaluation.entitlements if e.eligible}
        amounts += [0] * len(family.parents) + [paid.get(c.index, 0) for c in family.children]
    return amounts


def best(rounds: int, work) -> tuple[float, object]:  # type: ignore[no-untyped-def]
    """The best of `rounds` wall-clock times (as OpenFisca's side is timed), and the result."""
    times, result = [], None
    for _ in range(rounds):
        start = time.perf_counter()
        result = work()
        times.append(time.perf_counter() - start)
    return min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--households", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    python = openfisca_python()
    print(
        f"machine: {os.cpu_count()} CPUs, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}"
    )
    made = households(args.households)
    how = {"as_of": AS_OF, "rules": RULES, "places": PLACES}

    loop_s, ours = best(
        args.rounds,
        lambda: our_amounts((evaluate(f, jurisdiction=h, **how) for f, h in made), made),
    )
    batch_s, batched = best(args.rounds, lambda: our_amounts(evaluate_many(made, **how), made))
    assert batched == ours, "the batch differs from evaluate()"
    one = []
    for family, home in made[:500]:
        start = time.perf_counter()
        evaluate(family, jurisdiction=home, **how)
        one.append(time.perf_counter() - start)
    ours_one = statistics.median(one)

    with tempfile.TemporaryDirectory() as work:
        data = Path(work) / "households.json"
        data.write_text(json.dumps(as_persons(made)))
        answer = subprocess.run(
            [str(python), str(ROOT / "bench" / "openfisca" / "run.py"), str(data), AS_OF.isoformat(), str(args.rounds)],
            check=True, capture_output=True, text=True,
        )  # fmt: skip
    theirs = json.loads(answer.stdout)
    assert isinstance(ours, list)
    persons = len(ours)
    differ = [n for n, (a, b) in enumerate(zip(ours, theirs["amounts"], strict=True)) if a != b]
    paid = sum(1 for a in ours if a)
    print(
        f"\n== 郑州 育儿补贴 as one rule: {len(made):,} households, {persons:,} persons, "
        f"{paid:,} children paid, {sum(ours):,} yuan in all, as of {AS_OF}"
    )
    print(f"results identical: {'yes' if not differ else f'NO, {len(differ)} persons differ'}")
    of = theirs["total_s"]
    rows = [
        ("ours, evaluate() one by one", loop_s),
        ("ours, batch (engine/batch.py)", batch_s),
        ("OpenFisca vectorised, build + calculate", of),
        ("  of which building the simulation", theirs["build_s"]),
        ("  of which calculating", theirs["calculate_s"]),
    ]
    print(f"{'':42} {'time':>9} {'households/s':>13} {'vs OpenFisca':>13}")
    for name, seconds in rows:
        print(
            f"{name:42} {seconds * 1000:7.0f} ms {len(made) / seconds:13,.0f} {seconds / of:12.2f}x"
        )
    print(
        f"one household: ours {ours_one * 1e6:.0f} µs, OpenFisca {theirs['one_household_median_s'] * 1e6:.0f} µs "
        f"(ours {theirs['one_household_median_s'] / ours_one:.0f}x faster)"
    )
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    if differ:
        sys.exit(f"OpenFisca and the engine differ for persons {differ[:10]}")


if __name__ == "__main__":
    main()
