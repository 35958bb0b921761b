"""A resume link and a status page's secret are keys to a family's answers and application; an
ID number and a bank account are a person's: none reaches a log line, neither the app's
(config/settings.py LOGGING) nor gunicorn's access and error logs (scripts/serve)."""

from __future__ import annotations

import http.cookiejar
import io
import logging
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from django.db import connection
from django.test import RequestFactory
from gunicorn.config import Config

from config.logs import GunicornLogger, MaskSecrets
from tests.questionnaire.support import Family, Kid, children_data, parents_data, place_data

pytestmark = pytest.mark.django_db

TOKEN = "k3y-T0ken_abcdefghijkl"
ID_NUMBER = "11010119900101123X"


@pytest.fixture
def app_log():
    """What the app's configured log handler writes, while the test runs."""
    handler = next(h for h in logging.getLogger().handlers if h.name == "stdout")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def test_a_missing_resume_link_is_logged_without_its_token(client, app_log):
    response = client.get(f"/resume/{TOKEN}/")
    assert response.status_code == 404
    logged = app_log.getvalue()
    assert "Not Found: /resume/***/" in logged
    assert TOKEN not in logged


def test_the_filter_masks_the_message_its_arguments_and_the_request():
    request = RequestFactory().get(f"/resume/{TOKEN}/", HTTP_REFERER=f"https://x/resume/{TOKEN}/")
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Not Found", request.path), None
    )
    record.request = request
    assert MaskSecrets().filter(record) is True
    assert record.getMessage() == "Not Found: /resume/***/"
    assert record.request.path == "/resume/***/"
    assert record.request.META["HTTP_REFERER"] == "https://x/resume/***/"
    assert request.path == f"/resume/{TOKEN}/"  # the request the view serves is untouched

    record = logging.LogRecord(
        "django.server", logging.INFO, __file__, 1, f'"GET /resume/{TOKEN}/ HTTP/1.1" 200', (), None
    )
    MaskSecrets().filter(record)
    assert record.getMessage() == '"GET /resume/***/ HTTP/1.1" 200'


SHARE_KEY = "WzEyMywiMDEyMzQ1Njc4OWFiY2RlZiJd:-iTnlgHuv_G5HnozTzGFIQ7shddaWuxG6G5MRsQTp4U"


def test_a_share_link_is_logged_without_its_key(client, app_log):
    """The read-only results link is a key to a family's results: masked like a resume token."""
    response = client.get(f"/results/shared/{SHARE_KEY}/")
    assert response.status_code == 404
    logged = app_log.getvalue()
    assert "Not Found: /results/shared/***/" in logged
    assert SHARE_KEY not in logged and SHARE_KEY.split(":")[0] not in logged

    logger, stream = _gunicorn_access_log('"%(r)s" %(s)s %(U)s "%({referer}i)s"')
    path = f"/results/shared/{SHARE_KEY}/"
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": path,
        "PATH_INFO": path,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
    }
    request = SimpleNamespace(headers=[("REFERER", f"https://benefits.example{path}")])
    logger.access(
        SimpleNamespace(status="200 OK", headers=[], sent=1), request, environ, timedelta(0)
    )
    line = stream.getvalue()
    assert '"GET /results/shared/***/ HTTP/1.1" 200 /results/shared/***/' in line
    assert "https://benefits.example/results/shared/***/" in line
    assert SHARE_KEY not in line


def test_other_paths_are_logged_as_they_are():
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "%s: %s", ("Not Found", "/nope/"), None
    )
    MaskSecrets().filter(record)
    assert record.getMessage() == "Not Found: /nope/"


def _gunicorn_access_log(log_format: str) -> tuple[GunicornLogger, io.StringIO]:
    """Our gunicorn logger with an access log in `log_format`, written to a string."""
    config = Config()
    config.set("accesslog", "-")
    config.set("access_log_format", log_format)
    logger = GunicornLogger(config)
    stream = io.StringIO()
    logger.access_log.handlers[0].setStream(stream)
    return logger, stream


def test_gunicorns_access_log_masks_the_token():
    logger, stream = _gunicorn_access_log(
        '%(h)s "%(r)s" %(s)s %(U)s "%(f)s" %({referer}i)s %({x-token}i)s'
    )
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/resume/{TOKEN}/",
        "PATH_INFO": f"/resume/{TOKEN}/",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "10.0.0.1",
        "HTTP_REFERER": f"https://benefits.example/resume/{TOKEN}/",
    }
    request = SimpleNamespace(headers=[("REFERER", environ["HTTP_REFERER"])])
    response = SimpleNamespace(status="200 OK", headers=[], sent=512)
    logger.access(response, request, environ, timedelta(milliseconds=12))
    line = stream.getvalue()
    assert '"GET /resume/***/ HTTP/1.1" 200 /resume/***/' in line
    assert "https://benefits.example/resume/***/" in line
    assert TOKEN not in line

    stream = io.StringIO()
    logger.error_log.handlers[0].setStream(stream)
    logger.error("Error handling request %s", f"/resume/{TOKEN}/")
    assert "Error handling request /resume/***/" in stream.getvalue()
    assert TOKEN not in stream.getvalue()


def test_the_server_script_uses_the_masking_logger():
    serve = (Path(__file__).resolve().parents[1] / "scripts" / "serve").read_text()
    assert "--logger-class config.logs.GunicornLogger" in serve


def test_a_search_by_a_whole_id_number_is_logged_masked():
    """A caseworker's search puts the ID number in the URL; the log keeps only its ends."""
    record = logging.LogRecord(
        "django.server",
        logging.INFO,
        __file__,
        1,
        '"%s" %s',
        (
            f"GET /admin/applications/application/?q={ID_NUMBER} HTTP/1.1",
            "200",
        ),
        None,
    )
    MaskSecrets().filter(record)
    assert ID_NUMBER not in record.getMessage()
    assert "?q=1101**********123X " in record.getMessage()


@pytest.mark.parametrize(
    ("text", "logged"),
    [
        ("q=11010119900101123X", "q=1101**********123X"),
        ("q=110101199001011234&o=1", "q=1101**********1234&o=1"),
        ("account 6222020200112233446", "account 6222***********3446"),  # a card number
        ("account 6222 0202 0011 2233 446", "account 6222***********3446"),
        ("q=110101%201990-0101-123x", "q=1101**********123x"),  # typed with spaces and dashes
        ("q=110101+19900101+123X&o=1", "q=1101**********123X&o=1"),
        ("took 120000 ms, 3 of 12 rows", "took 120000 ms, 3 of 12 rows"),
        ("at 2026-11-29 15:43:36,123", "at 2026-11-29 15:43:36,123"),
        ("reference SQ-2026-ABC123", "reference SQ-2026-ABC123"),
        ("born 20240301, 2 children", "born 20240301, 2 children"),
    ],
)
def test_only_what_has_the_shape_of_an_id_number_is_masked(text, logged):
    record = logging.LogRecord("x", logging.INFO, __file__, 1, text, (), None)
    MaskSecrets().filter(record)
    assert record.getMessage() == logged


def test_gunicorns_access_log_masks_an_id_number_in_the_query():
    logger, stream = _gunicorn_access_log('"%(r)s" %(q)s')
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": f"/admin/applications/application/?q={ID_NUMBER}",
        "PATH_INFO": "/admin/applications/application/",
        "QUERY_STRING": f"q={ID_NUMBER}",
        "SERVER_PROTOCOL": "HTTP/1.1",
    }
    request = SimpleNamespace(headers=[])
    response = SimpleNamespace(status="200 OK", headers=[], sent=512)
    logger.access(response, request, environ, timedelta(milliseconds=12))
    assert ID_NUMBER not in stream.getvalue()
    assert "q=1101**********123X" in stream.getvalue()


# --- A whole journey through gunicorn, and its logs ----------------------------------------------

ROOT = Path(__file__).resolve().parents[1]
APPLICANT_ID = "110101199001011237"
ACCOUNT = "6222020200112233446"


class Visitor:
    """A browser without a browser: cookies, the CSRF token, forms posted, redirects seen."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect()
        )

    def _csrf(self) -> str:
        return next((c.value for c in self.jar if c.name == "csrftoken"), "")

    def get(self, path: str) -> tuple[int, str, str]:
        return self._open(urllib.request.Request(self.base + path))

    def post(self, path: str, data: dict[str, Any]) -> tuple[int, str, str]:
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": self._csrf()}, doseq=True)
        request = urllib.request.Request(self.base + path, data=body.encode(), method="POST")
        return self._open(request)

    def _open(self, request: urllib.request.Request) -> tuple[int, str, str]:
        try:
            with self.opener.open(request, timeout=30) as response:
                return (
                    response.status,
                    response.read().decode(),
                    response.headers.get("Location", ""),
                )
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(), error.headers.get("Location", "")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # each redirect is seen, not followed


@pytest.fixture
def gunicorn(tmp_path):
    """The app served as in production (scripts/serve, DEBUG off) over plain HTTP on a free
    port, on a database of its own; yields its address and a function that stops it and returns
    everything it logged."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        "PATH": f"{ROOT / '.venv' / 'bin'}:{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "0",
        "SECRET_KEY": "logs-test-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "LANGUAGE_COOKIE_SECURE": "0",
        "STATIC_ROOT": str(tmp_path / "static"),
        "DOCUMENTS_ROOT": str(tmp_path / "documents"),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "1",
    }
    manage = [sys.executable, "manage.py"]
    for command in (
        ["collectstatic", "--noinput", "-v0"],
        ["migrate", "--noinput", "-v0"],
        ["createcachetable"],
        ["loaddata", "fixtures/jurisdictions.json", "-v0"],
        ["load_policy", *sorted(str(p) for p in (ROOT / "fixtures" / "policies").glob("*.json"))],
    ):
        subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True, capture_output=True)
    log = tmp_path / "gunicorn.log"
    with log.open("w") as out:
        server = subprocess.Popen(["scripts/serve"], cwd=ROOT, env=env, stdout=out, stderr=out)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            time.sleep(0.1)

    def stop() -> str:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        return log.read_text()

    yield base, stop
    if server.poll() is None:
        server.kill()


@pytest.mark.skipif(
    connection.vendor != "sqlite", reason="serves its own SQLite file: once per run is enough"
)
def test_after_a_whole_journey_no_log_holds_a_secret(gunicorn):
    """Answer, save, resume on another device, apply, follow the application, mistype its link,
    and a caseworker's search by a spaced ID number: neither gunicorn's access log nor the app's
    error log holds the resume token, the status secret, the ID number or the account."""
    base, stop = gunicorn
    parent = Visitor(base)
    born = date.today().replace(day=1) - timedelta(days=40)
    family = Family(
        "拱墅",
        home="330105",
        mother="330105",
        father="330105",
        children=[Kid("2020-05-01", hukou="330105"), Kid(born.isoformat(), hukou="330105")],
    )
    parent.get("/place/")
    assert parent.post("/place/", place_data("home", family.home))[0] == 302
    assert parent.post("/parents/", parents_data(family))[0] == 302
    assert parent.post("/children/", children_data(family.children))[0] == 302
    assert parent.get("/results/")[0] == 200
    saved = parent.get("/save/")[1]
    token = re.search(r"/resume/([A-Za-z0-9_-]{16,})/", saved).group(1)
    share_key = re.search(r"/results/shared/([^/\"]+)/", saved).group(1)
    assert parent.get(f"/results/shared/{share_key}/")[0] == 200  # read by someone else
    assert Visitor(base).get(f"/results/shared/{share_key[:-3]}abc/")[0] == 404  # mistyped

    other_device = Visitor(base)
    other_device.get(f"/resume/{token}/")
    assert other_device.post(f"/resume/{token}/", {})[0] == 302
    form = other_device.get("/apply/")[1]
    keys = re.findall(r'name="entitlements" value="([^"]+)"', form)
    assert keys
    status, _body, location = other_device.post(
        "/apply/",
        {
            "entitlements": keys,
            "applicant_name": "王小红",
            "id_number": "110101 19900101 1237",
            "phone": "13800138000",
            "bank_account": ACCOUNT,
            "consent": "on",
        },
    )
    assert status == 302 and "/apply/status/" in location
    status_path = urllib.parse.urlparse(location).path
    secret = status_path.rstrip("/").rsplit("/", 1)[1]
    assert other_device.get(status_path)[0] == 200
    assert other_device.get(status_path[: -len(secret) - 1] + secret[:-2] + "zz/")[0] == 404
    assert parent.get(f"/apply/{token}/")[0] == 404  # the old apply link
    search = "/admin/applications/application/?q=" + urllib.parse.quote("110101 19900101 1237")
    assert parent.get(search)[0] == 302  # to the login, the search in its "next"
    parent.get(f"/admin/login/?next={urllib.parse.quote(search)}")

    logged = stop()

    assert "GET /results/" in logged and "POST /apply/" in logged  # the log was written
    assert "Not Found" in logged  # and the error log too
    for secret_text in (
        token,
        share_key,
        share_key[:-3],
        secret,
        APPLICANT_ID,
        "19900101",
        ACCOUNT,
    ):
        assert secret_text not in logged, secret_text
    assert "/resume/***/" in logged and "/apply/status/" in logged
    assert "/results/shared/***/" in logged
