"""A resume link is a key to a family's answers, and an ID number is a person's: neither reaches
a log line, neither the app's (config/settings.py LOGGING) nor gunicorn's access and error logs
(scripts/serve)."""

from __future__ import annotations

import io
import logging
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.test import RequestFactory
from gunicorn.config import Config

from apps.households.logs import GunicornLogger, MaskSecrets

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
    serve = (Path(__file__).resolve().parents[2] / "scripts" / "serve").read_text()
    assert "--logger-class apps.households.logs.GunicornLogger" in serve


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
        ("account 6222020200112233446", "account 6222020200112233446"),  # 19 digits: not an ID
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
