"""/healthz (the process answers), /readyz (the database answers) and the home page."""

import socket
import time
from collections.abc import Iterator

import pytest
from django.db import connections
from django.db.utils import load_backend

POSTGRESQL = "django.db.backends.postgresql"


@pytest.fixture
def database_at(django_db_blocker):
    """Point the default connection at another PostgreSQL address for one test."""
    original = connections["default"]
    swapped = []

    def point(port: int):
        base = original.settings_dict
        # On PostgreSQL keep the configured OPTIONS (connect_timeout from DB_CONNECT_TIMEOUT);
        # on SQLite use the same default as config/settings.py.
        options = base["OPTIONS"] if base["ENGINE"] == POSTGRESQL else {"connect_timeout": 3}
        # Django keeps one pool per alias: a pointed connection opens its own, not the pool's.
        options = {k: v for k, v in options.items() if k != "pool"}
        settings_dict = {
            **base,
            "ENGINE": POSTGRESQL,
            "NAME": "unreachable",
            "USER": "postgres",
            "PASSWORD": "",
            "HOST": "127.0.0.1",
            "PORT": port,
            "OPTIONS": options,
        }
        wrapper = load_backend(POSTGRESQL).DatabaseWrapper(settings_dict, "default")
        connections["default"] = wrapper
        swapped.append(wrapper)

    with django_db_blocker.unblock():
        yield point
    for wrapper in swapped:
        wrapper.close()
    connections["default"] = original


@pytest.fixture
def closed_port() -> int:
    """A loopback port nobody listens on: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A loopback port that accepts TCP connections and never answers, like a hung server."""
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(8)
        yield listener.getsockname()[1]


@pytest.mark.django_db
def test_healthz_answers_without_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_healthz_answers_when_the_database_is_down(client, database_at, closed_port):
    database_at(closed_port)
    response = client.get("/healthz")
    assert response.status_code == 200


@pytest.mark.django_db
def test_readyz_answers_when_the_database_does(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_readyz_answers_503_when_the_database_refuses(client, database_at, closed_port):
    database_at(closed_port)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "database": "unreachable"}


def test_readyz_answers_503_within_the_connect_timeout(client, database_at, silent_port):
    database_at(silent_port)
    started = time.monotonic()
    response = client.get("/readyz")
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    timeout = connections["default"].settings_dict["OPTIONS"]["connect_timeout"]
    # It waited for the server (a hang, not a refusal), then gave up on time.
    assert timeout - 1 < elapsed < timeout + 2, f"answered after {elapsed:.1f} s"


def test_readyz_refuses_post(client):
    assert client.post("/readyz").status_code == 405


@pytest.mark.django_db
def test_home_page_is_in_chinese_by_default(client):
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="zh-Hans">' in response.content.decode()
    assert response["Content-Language"] == "zh-hans"


@pytest.mark.django_db
def test_home_page_is_in_english_with_the_language_cookie(client):
    client.cookies["django_language"] = "en"
    response = client.get("/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert response["Content-Language"] == "en"
