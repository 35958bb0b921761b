"""Per-request times in Django's test client, in this process (no server, no network), on the
benchmark's database, with the production settings of bench/web.sh.

    python bench/client.py [--requests 300]

Prints, each as the median (and p95) over the requests after a warm-up: the API for a
three-child family; the results page of the three-child household (its session cookie); the
caseworkers' queue (the admin's application list, first page, as a superuser) with its query
count, and the query count of a one-row search of it (the same count: the queries do not grow
with the rows shown); and the impact preview over 2,000 households and 2,000 open applications:
in all (apps.applications.impact.impact_compare), then its parts: reading the families, and the
engine one by one against the batch path (cash programs only, as the preview runs it) on the
same families. Then, for the API, the results
page and the queue, where the time goes: cProfile's own time of every function, added up by
the code it belongs to (the engine, the app's other code, Django's templates, the rest of Django,
pydantic and ninja, the database driver, Redis, the standard library).
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.applications import impact  # noqa: E402
from apps.benefits.engine import evaluate  # noqa: E402
from apps.benefits.engine.batch import Batch  # noqa: E402
from apps.benefits.places import places_get  # noqa: E402
from apps.benefits.selectors import rules_current  # noqa: E402
from bench.seed import ADMIN, BIRTHS, HOME, session  # noqa: E402

QUEUE = "/admin/applications/application/"


def api_body(children: int) -> str:
    return json.dumps(
        {
            "jurisdiction": HOME,
            "parents": [
                {"role": "mother", "hukou": HOME, "employed": True},
                {"role": "father", "hukou": HOME, "employed": True},
            ],
            "children": [{"birth_date": day, "hukou": HOME} for day in BIRTHS[:children]],
        }
    )


def timed(request: Callable[[], object], count: int, warm: int = 20) -> list[float]:
    for _ in range(warm):
        request()
    times = []
    for _ in range(count):
        start = time.perf_counter()
        request()
        times.append((time.perf_counter() - start) * 1000)
    return times


def say(name: str, times: list[float], extra: str = "") -> None:
    p95 = statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]
    print(
        f"{name:44} median {statistics.median(times):8.2f} ms  p95 {p95:8.2f} ms  "
        f"over {len(times)}{extra}"
    )


AREAS = [
    ("the engine", "apps/benefits/engine/"),
    ("the app's own code", "/work/main/apps/"),
    ("the app's own code", "/config/"),
    ("Django templates", "django/template"),
    ("Django admin", "django/contrib/admin"),
    ("Django ORM", "django/db/"),
    ("Django, the rest", "django/"),
    ("pydantic, ninja", "pydantic"),
    ("pydantic, ninja", "ninja/"),
    ("database driver", "psycopg"),
    ("Redis client", "redis/"),
    ("CSP, ratelimit, axes, other packages", "site-packages/"),
]


def area(path: str) -> str:
    for name, part in AREAS:
        if part in path:
            return "the app's own code" if part == "/config/" else name
    return "Python's standard library and builtins"


def profile(name: str, request: Callable[[], object], count: int) -> None:
    """Own time by area over `count` requests, as shares of the profiled time."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(count):
        request()
    profiler.disable()
    stats = pstats.Stats(profiler)
    by_area: dict[str, float] = {}
    for (path, _line, _func), (_, _, own, _, _) in stats.stats.items():  # type: ignore[attr-defined]
        key = area(path)
        by_area[key] = by_area.get(key, 0.0) + own
    total = sum(by_area.values())
    shares = sorted(by_area.items(), key=lambda kv: -kv[1])
    print(
        f"  where {name}'s time goes ({count} requests under cProfile, "
        f"{1000 * total / count:.1f} ms each): "
        + ", ".join(f"{key} {100 * own / total:.0f}%" for key, own in shares if own / total >= 0.02)
    )
    top = sorted(stats.stats.items(), key=lambda kv: -kv[1][2])[:8]  # type: ignore[attr-defined]
    print(
        "    most own time: "
        + "; ".join(
            f"{Path(path).name}:{line}({func}) {100 * own / total:.0f}%"
            for (path, line, func), (_, _, own, _, _) in top
        )
    )


def checked(response: object, status: int = 200) -> object:
    code = getattr(response, "status_code", None)
    assert code == status, f"HTTP {code}, expected {status}"
    return response


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--queue-requests", type=int, default=40)
    parser.add_argument("--profile", type=int, default=50, help="requests profiled (0: none)")
    args = parser.parse_args()
    n = args.requests
    print(
        f"== Django test client, this process ({os.cpu_count()} CPUs, load {os.getloadavg()[0]:.2f})"
    )

    client = Client()
    body = api_body(3)

    def api() -> object:
        return checked(
            client.post("/api/v1/entitlements", body, content_type="application/json", secure=True)
        )

    say("API, three-child family (budget 2 ms)", timed(api, n))
    parent = Client()
    parent.cookies["sessionid"] = session("household")

    def results() -> object:
        return checked(parent.get("/results/", secure=True))

    say("results page, three children (budget 8 ms)", timed(results, n))

    staff = Client()
    staff.force_login(
        get_user_model().objects.get(username=ADMIN),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    queue = timed(lambda: checked(staff.get(QUEUE, secure=True)), args.queue_requests, warm=3)
    with CaptureQueriesContext(connection) as page:
        checked(staff.get(QUEUE, secure=True))
    with CaptureQueriesContext(connection) as one_row:
        checked(staff.get(QUEUE, {"q": "BENCH000000007"}, secure=True))
    say("admin queue, first page of 200,000 (p95 300 ms)", queue)
    slowest = sorted(page.captured_queries, key=lambda q: -float(q["time"]))[:3]
    for query in slowest:
        print(f"{'':44} {1000 * float(query['time']):7.1f} ms  {query['sql'][:150]}")
    print(
        f"{'':44} {len(page.captured_queries)} queries for the first page (50 rows), "
        f"{len(one_row.captured_queries)} for a one-row search: "
        + ("constant in rows" if len(page) == len(one_row) else "NOT constant in rows")
    )

    if args.profile:
        profile("the API", api, args.profile)
        profile("the results page", results, args.profile)
        profile("the queue", lambda: checked(staff.get(QUEUE, secure=True)), 5)

    rules, places, today = rules_current(), places_get(), timezone.localdate()
    start = time.perf_counter()
    result = impact.impact_compare(before=rules, after=rules, limit=impact.PREVIEW_LIMIT)
    preview = time.perf_counter() - start
    start = time.perf_counter()
    families = [
        *impact._households(impact.PREVIEW_LIMIT)[1],
        *impact._open_applications(impact.PREVIEW_LIMIT)[1],
    ]
    reading = time.perf_counter() - start
    # CPU time of this process, best of three: the machine may be shared.
    loop, batched = float("inf"), float("inf")
    for _ in range(3):
        start = time.process_time()
        for _ in range(2):  # before and after
            for family, home in families:
                evaluate(family, jurisdiction=home, as_of=today, rules=rules, places=places)
        loop = min(loop, time.process_time() - start)
        start = time.process_time()
        for _ in range(2):
            batch = Batch(rules=rules, places=places, as_of=today, cash_only=True)
            for family, home in families:
                batch.evaluate(family, home)
        batched = min(batched, time.process_time() - start)
    counted = result.households.evaluated + result.applications.evaluated
    print(
        f"impact preview, {counted:,} families x 2 rule sets: {preview:.2f} s in all "
        f"(impact_compare, wall clock); reading the families {reading:.2f} s; the engine (CPU, "
        f"best of 3) one by one {loop:.2f} s, batched cash only {batched:.2f} s "
        f"(x{loop / batched:.2f})"
    )


if __name__ == "__main__":
    main()
