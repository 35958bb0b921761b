"""The task queue for real: Celery workers on Redis take the recompute that loading the policies
sends, share its chunks and finish it. On SQLite one worker (its own database file); on
PostgreSQL two workers at once on a database of their own, each taking some of the chunks.
Skipped where no Redis answers on 127.0.0.1:6379."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import psycopg
import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]
HOUSEHOLDS = 16

SEED = f"""
from apps.households.models import Household, HouseholdParent
from apps.children.models import HouseholdChild
for n in range({HOUSEHOLDS}):
    household = Household.objects.create(jurisdiction_id="330105")
    for role in ("mother", "father"):
        HouseholdParent.objects.create(household=household, role=role, hukou_id="330105")
    HouseholdChild.objects.create(
        household=household, position=0, date=f"2024-{{n % 12 + 1:02d}}-01", hukou_id="330105"
    )
"""


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379")


@pytest.fixture
def database(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """A database of the test's own that the workers share: (its URL, a function that runs one
    query on it and returns the first row)."""
    if connection.vendor == "postgresql":
        settings = connection.settings_dict
        name = f"{settings['NAME']}_queue"[:63]
        server = {
            "host": settings["HOST"] or "127.0.0.1",
            "port": settings["PORT"] or 5432,
            "user": settings["USER"] or "postgres",
        }
        with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')

        def query(sql: str) -> Any:
            with psycopg.connect(dbname=name, autocommit=True, **server) as db:
                return db.execute(sql).fetchone()

        try:
            yield f"postgresql://{server['user']}@{server['host']}:{server['port']}/{name}", query
        finally:
            with psycopg.connect(dbname="postgres", autocommit=True, **server) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        import sqlite3

        path = tmp_path / "db.sqlite3"

        def query(sql: str) -> Any:
            with sqlite3.connect(path) as db:
                return db.execute(sql).fetchone()

        yield f"sqlite:///{path}", query


def test_workers_on_redis_share_the_recompute_that_loading_policies_sends(database, tmp_path):
    url, query = database
    workers = 2 if connection.vendor == "postgresql" else 1  # SQLite: one writer at a time
    env = {
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": url,
        "REDIS_URL": f"redis://127.0.0.1:6379/{13 if workers > 1 else 14}",
        "DOCUMENTS_ROOT": str(tmp_path / "documents"),
        "RECOMPUTE_CHUNK": "1",  # a chunk per household: enough chunks for both workers
    }
    subprocess.run(
        [
            sys.executable,
            "-c",
            f"import redis; redis.Redis.from_url('{env['REDIS_URL']}').flushdb()",
        ],
        env=env,
        check=True,
    )
    manage = [sys.executable, "manage.py"]

    def run(*command: str) -> None:
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)

    run("migrate", "--noinput", "-v0")
    run("loaddata", "fixtures/jurisdictions.json", "-v0")
    run("shell", "-c", SEED)

    started = [
        subprocess.Popen(
            [
                "celery",
                "-A",
                "config",
                "worker",
                "--pool=solo",
                "--loglevel=INFO",
                "-n",
                f"w{n}@%h",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )
        for n in range(workers)
    ]
    outputs: list[list[str]] = [[] for _ in started]
    ready = [threading.Event() for _ in started]

    def read(worker: subprocess.Popen[bytes], lines: list[str], is_ready: threading.Event) -> None:
        assert worker.stdout is not None
        for line in iter(worker.stdout.readline, b""):
            lines.append(line.decode(errors="replace"))
            if " ready." in lines[-1]:
                is_ready.set()

    readers = [
        threading.Thread(target=read, args=args, daemon=True)
        for args in zip(started, outputs, ready, strict=True)
    ]
    for reader in readers:
        reader.start()
    try:
        for is_ready in ready:  # both take tasks before any is sent
            assert is_ready.wait(60), "a worker did not start"
        run("load_policy", *sorted(str(p) for p in (ROOT / "fixtures" / "policies").glob("*.json")))
        state = None
        for _ in range(600):
            state = query("SELECT state FROM applications_recomputerun")[0]
            if state in ("done", "failed"):
                break
            time.sleep(0.1)
        done = query(
            "SELECT households_done, households_total, first_seen FROM applications_recomputerun"
        )
    finally:
        for worker in started:
            worker.terminate()
        for worker, reader in zip(started, readers, strict=True):
            worker.wait(timeout=30)
            reader.join(timeout=5)

    assert state == "done", "\n".join("".join(lines)[-2000:] for lines in outputs)
    assert tuple(done) == (HOUSEHOLDS, HOUSEHOLDS, HOUSEHOLDS)
    assert query("SELECT count(*) FROM applications_householdresult")[0] == HOUSEHOLDS
    taken = [
        sum("recompute_part[" in line and "succeeded" in line for line in lines)
        for lines in outputs
    ]
    assert all(taken), f"chunk tasks seen per worker: {taken}"
