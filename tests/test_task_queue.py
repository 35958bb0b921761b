"""The task queue for real: a Celery worker on Redis takes the recompute that loading the
policies sends, and finishes it. Skipped where no Redis answers on 127.0.0.1:6379."""

from __future__ import annotations

import os
import socket
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[1]


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as probe:
            probe.sendall(b"PING\r\n")
            return probe.recv(16).startswith(b"+PONG")
    except OSError:
        return False


pytestmark = [
    pytest.mark.skipif(not redis_answers(), reason="no Redis on 127.0.0.1:6379"),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="uses its own SQLite file: once per run is enough"
    ),
]


def test_a_worker_on_redis_recomputes_after_policies_are_loaded(tmp_path):
    database = tmp_path / "db.sqlite3"
    env = {
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "1",
        "DATABASE_URL": f"sqlite:///{database}",
        "REDIS_URL": "redis://127.0.0.1:6379/14",
        "DOCUMENTS_ROOT": str(tmp_path / "documents"),
    }
    subprocess.run(
        [sys.executable, "-c", "import redis; redis.Redis(db=14).flushdb()"], env=env, check=True
    )
    manage = [sys.executable, "manage.py"]
    for command in (
        ["migrate", "--noinput", "-v0"],
        ["loaddata", "fixtures/jurisdictions.json", "-v0"],
        ["load_policy", *sorted(str(p) for p in (ROOT / "fixtures" / "policies").glob("*.json"))],
    ):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    with sqlite3.connect(database) as db:  # sent to the queue, not yet done
        assert db.execute("SELECT state FROM applications_recomputerun").fetchall() == [("queued",)]

    worker = subprocess.Popen(
        ["celery", "-A", "config", "worker", "--pool=solo", "--loglevel=WARNING"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        for _ in range(300):
            with sqlite3.connect(database) as db:
                state = db.execute("SELECT state FROM applications_recomputerun").fetchone()[0]
            if state in ("done", "failed"):
                break
            time.sleep(0.1)
    finally:
        worker.terminate()
        output = worker.communicate(timeout=30)[0].decode()

    assert state == "done", output[-2000:]
