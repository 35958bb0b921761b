"""The benchmark's database: made once, used by every figure of `make bench`.

    python bench/seed.py seed                # fill the database named by DATABASE_URL (idempotent)
    python bench/seed.py session household   # a session key of the three-child household
    python bench/seed.py session admin       # a session key of the benchmark's superuser
    python bench/seed.py export-latest       # the latest queued export: "pk state rows", or nothing
    python bench/seed.py recompute LABEL     # start a recompute, wait for the workers, print rates

Run with the environment of bench/web.sh (production settings, the `bench` PostgreSQL
database). `seed` adds what is missing: 200,000 applications, each with its claims (40,000
approved or paid claims: the masked export's rows), 2,000 saved households with parents and
children (the impact preview's population), the three-child household of the results page, and
the superuser `bench-admin`. BENCH_APPLICATIONS and BENCH_HOUSEHOLDS change the counts (the
recompute's database of bench/web.sh: fewer applications, more households). Rows go in with bulk_create, 5,000 at a time; a second run finds
them and adds nothing. A session is made with the server's SECRET_KEY, as a browser's would be.
"""

from __future__ import annotations

import hashlib
import os
import random
import sys
import time
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.contrib.sessions.backends.db import SessionStore  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Max  # noqa: E402
from django.utils import timezone  # noqa: E402

from apps.applications.models import (  # noqa: E402
    Application,
    Claim,
    ClaimStatus,
    ExportFile,
    RecomputeRun,
    Status,
)
from apps.applications.tasks import recompute_start  # noqa: E402
from apps.benefits.models import Program  # noqa: E402
from apps.children.models import HouseholdChild  # noqa: E402
from apps.households.models import Household, HouseholdParent  # noqa: E402
from apps.households.selectors import SESSION_KEY  # noqa: E402
from apps.jurisdictions.models import Jurisdiction  # noqa: E402

APPLICATIONS = int(os.environ.get("BENCH_APPLICATIONS", 200_000))
HOUSEHOLDS = int(os.environ.get("BENCH_HOUSEHOLDS", 2_000))
CHUNK = 5_000
THREE_CHILDREN = "bench-three-children"  # the results page's household, found by its token
ADMIN = "bench-admin"
HOME = "410105"  # 郑州市金水区
BIRTHS = ("2019-05-01", "2022-03-02", "2024-07-01")  # the three children, oldest first


def question(rng: random.Random, home: str, children: int) -> dict[str, object]:
    """A family's answers as the API's body: two employed parents registered at home."""
    born = sorted(date(2025, 6, 1) - timedelta(days=rng.randint(30, 3000)) for _ in range(children))
    return {
        "jurisdiction": home,
        "parents": [
            {"role": "mother", "hukou": home, "employed": True},
            {"role": "father", "hukou": home, "employed": True},
        ],
        "children": [{"birth_date": day.isoformat(), "hukou": home} for day in born],
    }


def places() -> list[str]:
    """County-level places of the provinces with the most rules (郑州's first)."""
    counties = Jurisdiction.objects.filter(code__regex=r"^(4101|3301|5325|1408|3311)[0-9]{2}$")
    codes = sorted(counties.exclude(code__endswith="00").values_list("code", flat=True))
    return [HOME, *codes]


def seed_applications(rng: random.Random) -> None:
    have = Application.objects.count()
    if have >= APPLICATIONS:
        print(f"applications: {have:,} already there")
        return
    programs = list(
        Program.objects.filter(category__in=["one_off", "recurring"], basis="entitlement")
        .order_by("slug")
        .values_list("slug", "name_zh")
    )
    homes = places()
    now = timezone.now()
    started = time.perf_counter()
    for start in range(have, APPLICATIONS, CHUNK):
        numbers = range(start, min(start + CHUNK, APPLICATIONS))
        rows, plans = [], []
        for n in numbers:
            if n % 10 < 1:  # 10 %: approved or paid
                status, claim_status = (Status.APPROVED, ClaimStatus.APPROVED) if n % 20 else (
                    Status.PAID, ClaimStatus.PAID)  # fmt: skip
            elif n % 10 < 2 or n % 20 == 2:  # 15 %: refused
                status, claim_status = Status.REJECTED, ClaimStatus.REJECTED
            else:
                status, claim_status = rng.choice(
                    [(Status.SUBMITTED, ClaimStatus.SUBMITTED), (Status.IN_REVIEW, ClaimStatus.IN_REVIEW),
                     (Status.INFO_REQUESTED, ClaimStatus.INFO_REQUESTED)]
                )  # fmt: skip
            home = rng.choice(homes)
            answers = question(rng, home, 2)
            digest = hashlib.sha256(f"bench-id-{n}".encode()).hexdigest()
            rows.append(
                Application(
                    reference=f"BENCH{n:09d}",
                    secret_hash=digest,
                    jurisdiction_id=home,
                    applicant_name=f"申请人{n}",
                    id_number=f"{home}1990{n % 12 + 1:02d}01{n % 10000:04d}",
                    id_number_hash=digest,
                    phone=f"138{n:08d}",
                    bank_account=f"62220200{n:011d}",
                    consent_text="本人同意",
                    consented_at=now,
                    answers=answers,
                    evaluation={"entitlements": []},
                    rules_version="bench",
                    as_of=date(2025, 6, 1),
                    programs=[],
                    amount=Decimal("7000.00"),
                    status=status,
                    parent_replied=n % 37 == 0,
                    possible_duplicate=n % 53 == 0,
                )
            )
            plans.append((claim_status, answers["children"], digest))  # type: ignore[arg-type]
        with transaction.atomic():
            made = Application.objects.bulk_create(rows)
            claims = []
            for application, (claim_status, children, digest) in zip(made, plans, strict=True):
                for k, (slug, name) in enumerate(rng.sample(programs, 2)):
                    claims.append(
                        Claim(
                            application=application,
                            program=slug,
                            name=name,
                            child=k,
                            child_date=date.fromisoformat(children[k]["birth_date"]),
                            claimant_hash=digest,
                            amount=Decimal("3500.00"),
                            status=claim_status,
                            decided_at=now
                            if claim_status in (ClaimStatus.APPROVED, ClaimStatus.PAID)
                            else None,
                        )
                    )
            Claim.objects.bulk_create(claims)
        print(f"applications: {numbers.stop:,} ({time.perf_counter() - started:.0f} s)", flush=True)
    with connection.cursor() as cursor:  # submitted over the last year, not all this second
        cursor.execute(
            "UPDATE applications_application SET created_at = now() - (id % 365) * interval '1 day'"
            " - (id % 86400) * interval '1 second'"
        )
        cursor.execute("ANALYZE")


def seed_households(rng: random.Random) -> None:
    have = Household.objects.filter(jurisdiction__isnull=False).count()
    if have >= HOUSEHOLDS:
        print(f"households: {have:,} already there")
    else:
        homes = places()
        with transaction.atomic():
            households = Household.objects.bulk_create(
                Household(jurisdiction_id=rng.choice(homes)) for _ in range(HOUSEHOLDS - have)
            )
            HouseholdParent.objects.bulk_create(
                HouseholdParent(household=h, role=role, hukou_id=h.jurisdiction_id)
                for h in households
                for role in ("mother", "father")
            )
            HouseholdChild.objects.bulk_create(
                HouseholdChild(
                    household=h,
                    position=k,
                    date=date(2025, 6, 1) - timedelta(days=rng.randint(30, 3000)),
                    hukou_id=h.jurisdiction_id,
                )
                for h in households
                for k in range(rng.choice([1, 2, 3]))
            )
        print(f"households: {HOUSEHOLDS:,} made")
    if not Household.objects.filter(token=THREE_CHILDREN).exists():
        with transaction.atomic():
            household = Household.objects.create(token=THREE_CHILDREN, jurisdiction_id=HOME)
            for role in ("mother", "father"):
                HouseholdParent.objects.create(household=household, role=role, hukou_id=HOME)
            for k, day in enumerate(BIRTHS):
                HouseholdChild.objects.create(
                    household=household, position=k, date=date.fromisoformat(day), hukou_id=HOME
                )


def seed_admin() -> None:
    user_model = get_user_model()
    if not user_model.objects.filter(username=ADMIN).exists():
        user_model.objects.create_superuser(ADMIN, "bench@example.invalid", None)


def session(who: str) -> str:
    store = SessionStore()
    if who == "household":
        store[SESSION_KEY] = THREE_CHILDREN
    else:
        user = get_user_model().objects.get(username=ADMIN)
        store["_auth_user_id"] = str(user.pk)
        store["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    assert store.session_key
    return store.session_key


def recompute(label: str) -> None:
    """Start a recompute as `load_policy` does (sent to the task queue of REDIS_URL), wait for
    the workers already running to finish it, and print its rates: households and applications
    from the run's start to their last chunk, and both together to the run's end."""
    with transaction.atomic():
        run = recompute_start(reason=f"bench {label}")
    sent = time.perf_counter()
    while run.state not in (RecomputeRun.State.DONE, RecomputeRun.State.FAILED):
        if time.perf_counter() - sent > 1200:
            sys.exit(f"recompute {label}: not done after 20 minutes ({run.progress}%)")
        time.sleep(0.2)
        run.refresh_from_db()
    if run.state == RecomputeRun.State.FAILED:
        sys.exit(f"recompute {label} failed: {run.error}")
    assert run.started_at and run.finished_at
    last = dict(run.chunks.values("kind").annotate(last=Max("done_at")).values_list("kind", "last"))

    def rate(count: int, start: object, end: object) -> str:
        seconds = (end - start).total_seconds()  # type: ignore[operator]
        return f"{count:,} in {seconds:.1f} s, {count / seconds:,.0f}/s"

    households_end = last["households"]
    print(
        f"recompute, {label}: households {rate(run.households_done, run.started_at, households_end)}"
        f" (from the run's start); open applications "
        f"{rate(run.applications_done, households_end, last.get('applications', households_end))}"
        f" (after the households'); both {rate(run.households_done + run.applications_done, run.started_at, run.finished_at)}; "
        f"{run.chunks.count()} chunks, load {os.getloadavg()[0]:.2f}"
    )


def main() -> None:
    if sys.argv[1:2] == ["seed"]:
        rng = random.Random(2026)
        seed_admin()
        seed_households(rng)
        seed_applications(rng)
        counts = {
            "applications": Application.objects.count(),
            "claims": Claim.objects.count(),
            "approved or paid claims": Claim.objects.filter(
                status__in=[ClaimStatus.APPROVED, ClaimStatus.PAID]
            ).count(),
            "households": Household.objects.count(),
        }
        print("database:", ", ".join(f"{v:,} {k}" for k, v in counts.items()))
    elif sys.argv[1:2] == ["export-latest"]:
        latest = ExportFile.objects.order_by("-pk").first()
        if latest is not None:
            print(latest.pk, latest.state, latest.rows)
    elif sys.argv[1:2] == ["recompute"] and len(sys.argv) == 3:
        recompute(sys.argv[2])
    elif sys.argv[1:2] == ["session"] and sys.argv[2:3] in (["household"], ["admin"]):
        print(session(sys.argv[2]))
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
