"""Read wrk's --latency output files and print them as one table (bench/web.sh).

    python bench/wrk_report.py floor FLOOR.wrk OTHER.wrk...   # each also as a ratio of the first
    python bench/wrk_report.py table RUN.wrk...                # with each run's .note beside it

Requests/s, p50 and p99 latency in ms, the 1-minute load average after the run (FILE.load), the
requests that were not 2xx or 3xx, socket errors, and the run's note (FILE.note).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}


def ms(text: str) -> float:
    number, unit = re.fullmatch(r"([0-9.]+)([a-z]+)", text).groups()  # type: ignore[union-attr]
    return float(number) * UNITS[unit]


def read(path: Path) -> dict[str, float | int | str]:
    text = path.read_text()
    found = {
        "name": path.stem,
        "rps": float(re.search(r"Requests/sec:\s+([0-9.]+)", text).group(1)),  # type: ignore[union-attr]
        "p50": ms(re.search(r"^\s+50%\s+(\S+)", text, re.M).group(1)),  # type: ignore[union-attr]
        "p99": ms(re.search(r"^\s+99%\s+(\S+)", text, re.M).group(1)),  # type: ignore[union-attr]
        "requests": int(re.search(r"(\d+) requests in", text).group(1)),  # type: ignore[union-attr]
    }
    bad = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    found["bad"] = int(bad.group(1)) if bad else 0
    errors = re.search(r"Socket errors: (.*)", text)
    found["errors"] = errors.group(1).strip() if errors else ""
    note = path.with_suffix(".note")
    found["note"] = note.read_text().strip() if note.exists() else ""
    load = path.with_suffix(".load")
    found["load"] = load.read_text().strip() if load.exists() else "?"
    return found


def main() -> None:
    mode, paths = sys.argv[1], [Path(p) for p in sys.argv[2:]]
    runs = [read(p) for p in paths]
    floor = float(runs[0]["rps"])
    head = f"{'':18} {'requests/s':>10} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'load':>5}"
    print(head + (f" {'of floor':>8}" if mode == "floor" else ""))
    for run in runs:
        line = (
            f"{run['name']:18} {run['rps']:10.1f} {run['p50']:8.2f} {run['p99']:8.2f} "
            f"{run['requests']:9} {run['load']:>5}"
        )
        if mode == "floor":
            line += f" {float(run['rps']) / floor:8.2f}"
        if run["bad"]:
            line += f"  {run['bad']} not 2xx/3xx!"
        if run["errors"]:
            line += f"  socket errors: {run['errors']}"
        if run["note"]:
            line += f"  ({run['note']})"
        print(line)


if __name__ == "__main__":
    main()
