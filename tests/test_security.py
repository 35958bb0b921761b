"""Issue 12: abuse throttled per client in the shared cache, admin logins locked out after
repeated failures, requests no view can read refused with a 400, a database that is away
answered with a 503 that keeps what was typed, and the headers a public service sends."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders
from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.db.utils import OperationalError
from django.test import Client, RequestFactory
from django.urls import reverse

from config.clients import client_ip
from tests.questionnaire.support import Family, Kid, walk

pytestmark = pytest.mark.django_db
API = "/api/v1/entitlements"
FAMILY = {"jurisdiction": "410105", "parents": [{"role": "mother"}], "children": []}
HOME_FAMILY = Family(
    "郑州 second child",
    home="410105",
    mother="410105",
    father="410105",
    children=[Kid("2021-03-02", hukou="410105"), Kid("2024-07-01", hukou="410105")],
)


# --- Throttles ------------------------------------------------------------------------------


def test_the_status_page_cannot_be_guessed_at_speed(client, settings):
    """30 guesses a minute from one address, then a 429 page with Retry-After."""
    url = reverse("applications:status", kwargs={"reference": "SQ-2026-AAAAAA", "secret": "x"})

    answers = [client.get(url).status_code for _ in range(31)]

    assert answers[:30] == [404] * 30
    assert answers[30] == 429
    refused = client.get(url)
    assert refused["Retry-After"] == "60"
    assert "请求太频繁" in refused.text
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Too many requests" in english.text


def test_another_address_is_counted_apart(client):
    url = reverse("households:resume", args=["not-a-token"])
    for _ in range(30):
        client.get(url)

    assert client.get(url).status_code == 429
    assert client.get(url, REMOTE_ADDR="10.1.2.3").status_code == 404


def test_the_api_answers_429_in_its_own_shape(client, settings):
    settings.RATE_API = "3/m"  # read at each request
    statuses = [
        client.post(API, FAMILY, content_type="application/json").status_code for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
    refused = client.post(API, FAMILY | {"lang": "en"}, content_type="application/json")
    assert refused.json() == {
        "errors": [{"field": "", "message": "Too many requests; try again in a minute"}]
    }
    assert refused["Retry-After"] == "60"


def test_applying_is_throttled_but_reading_the_form_is_not(client):
    url = reverse("applications:apply")
    posts = [client.post(url, {}).status_code for _ in range(11)]

    assert posts[-1] == 429 and 429 not in posts[:10]
    assert client.get(url).status_code == 302  # a GET is not counted


def test_counters_live_in_the_shared_cache_not_in_a_worker(client, settings):
    """With no REDIS_URL the shared cache is the database's table: every worker counts
    together."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
    call_command("createcachetable", verbosity=0)
    url = reverse("households:resume", args=["not-a-token"])
    client.get(url)

    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM django_cache")
        keys = [row[0] for row in cursor.fetchall()]
    assert any(key.startswith(":1:rl:") for key in keys)
    caches["default"].clear()


@pytest.mark.parametrize(
    ("remote", "forwarded", "seen"),
    [
        ("203.0.113.9", "", "203.0.113.9"),
        ("203.0.113.9", "198.51.100.7", "203.0.113.9"),  # not from a trusted proxy: ignored
        ("127.0.0.1", "198.51.100.7", "198.51.100.7"),  # the proxy says who asked
        ("127.0.0.1", "1.1.1.1, 198.51.100.7", "198.51.100.7"),  # the client's own prefix: ignored
        ("127.0.0.1", "198.51.100.7, 127.0.0.1", "198.51.100.7"),  # two proxies
        ("127.0.0.1", "not an address", "127.0.0.1"),
    ],
)
def test_the_client_is_who_the_trusted_proxy_saw(remote, forwarded, seen):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == seen


def test_with_every_address_trusted_the_one_proxy_hop_says_who_asked(settings):
    """FORWARDED_ALLOW_IPS=* (only the proxy can reach the app): the last address is the
    client the proxy saw, whatever the client wrote before it."""
    settings.TRUSTED_PROXIES = ["*"]
    request = RequestFactory().get(
        "/", REMOTE_ADDR="172.28.0.10", HTTP_X_FORWARDED_FOR="6.6.6.6, 198.51.100.7"
    )

    assert client_ip(request) == "198.51.100.7"


# --- Admin logins -----------------------------------------------------------------------------


@pytest.fixture
def staff(django_user_model):
    return django_user_model.objects.create_user(
        "caseworker", password="the-right-password-1", is_staff=True
    )


def login(client, password, username="caseworker"):
    return client.post(reverse("admin:login"), {"username": username, "password": password})


def test_after_five_wrong_passwords_even_the_right_one_is_refused(client, staff):
    wrong = [login(client, f"guess-{n}").status_code for n in range(5)]
    locked = login(client, "the-right-password-1")

    assert wrong == [200] * 4 + [429]  # the form again with its error, then locked
    assert locked.status_code == 429
    assert "登录已暂时锁定" in locked.text
    assert "_auth_user_id" not in client.session


def test_a_right_password_before_the_limit_resets_the_count(client, staff):
    for n in range(4):
        login(client, f"guess-{n}")
    assert login(client, "the-right-password-1").status_code == 302
    client.logout()
    for n in range(4):
        login(client, f"guess-{n}")

    assert login(client, "the-right-password-1").status_code == 302


def test_a_lockout_is_for_that_login_from_that_address(client, staff, django_user_model):
    django_user_model.objects.create_user("colleague", password="another-password-2", is_staff=True)
    for n in range(5):
        login(client, f"guess-{n}")

    assert login(client, "another-password-2", username="colleague").status_code == 302


def test_a_staff_session_lasts_hours_a_parents_a_month(client, staff, settings):
    login(client, "the-right-password-1")

    assert client.session.get_expiry_age() == settings.ADMIN_SESSION_AGE == 8 * 3600
    parent = Client()
    walk(parent, HOME_FAMILY)
    assert parent.session.get_expiry_age() == settings.SESSION_COOKIE_AGE


# --- Requests no view can read ----------------------------------------------------------------


@pytest.mark.parametrize("path", ["/resume/abc%00def/", "/results/?x=%00", "/apply/status/A/b%00/"])
def test_a_nul_byte_is_a_400_naming_the_part(client, path):
    response = client.get(path)

    assert response.status_code == 400
    assert "NUL" in response.text


def test_a_huge_row_number_in_the_children_form_is_not_a_500(client):
    walk(client, HOME_FAMILY)
    quiet = Client(raise_request_exception=False)
    quiet.cookies = client.cookies

    for data in (
        {"action": "remove-" + "9" * 5000},
        {"action": "validate-" + "9" * 5000},
        {"rows": "9" * 5000, "action": "add"},
    ):
        assert quiet.post("/children/", data).status_code in (200, 302, 400)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ("[" * 3000 + "]" * 3000, "body"),
        ('{"a":' * 3000 + "1" + "}" * 3000, "body"),
        (FAMILY | {"as_of": "0020-01-01", "children": [{"birth_date": "0019-06-01"}]}, "as_of"),
        (FAMILY | {"as_of": "9999-12-30", "children": [{"birth_date": "9999-12-01"}]}, "as_of"),
        (FAMILY | {"as_of": "9999-12-31"}, "as_of"),
        (FAMILY | {"as_of": "0001-01-01"}, "as_of"),
        (FAMILY | {"as_of": "2100-12-31", "children": [{"expected_date": "2101-06-01"}]}, None),
    ],
)
def test_extreme_bodies_are_a_200_or_a_400_naming_the_field(client, body, field):
    quiet = Client(raise_request_exception=False)
    data = body if isinstance(body, str) else __import__("json").dumps(body)

    response = quiet.post(API, data, content_type="application/json")

    assert response.status_code in (200, 400), response.content[:300]
    if field:
        assert response.status_code == 400
        assert field in [e["field"] for e in response.json()["errors"]]


# --- The database away ------------------------------------------------------------------------


def database_away(monkeypatch):
    """Every query fails from now on, as when the database is stopped."""

    def refuse(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(connection, "ensure_connection", refuse)
    monkeypatch.setattr(connection, "cursor", refuse)


def test_the_api_answers_503_in_json_when_the_database_is_away(monkeypatch):
    database_away(monkeypatch)
    response = Client(raise_request_exception=False).post(
        API, FAMILY, content_type="application/json"
    )

    assert response.status_code == 503
    assert response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "30"
    assert response.json()["errors"][0]["message"] == "服务暂时不可用，请稍后再试。"


@pytest.fixture
def midway():
    """A parent part-way through the questionnaire, whose next page meets the database away."""
    quiet = Client(raise_request_exception=False)
    walk(quiet, HOME_FAMILY)
    return quiet


def test_a_page_answers_503_and_keeps_what_was_typed(midway, monkeypatch):
    typed = {"mother-hukou": "410105", "note": "第二个孩子 <b>粗体</b>"}
    database_away(monkeypatch)

    response = midway.post("/parents/", typed)

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "服务暂时不可用" in response.text
    assert '<input type="hidden" name="mother-hukou" value="410105">' in response.text
    assert "第二个孩子 &lt;b&gt;粗体&lt;/b&gt;" in response.text  # kept, escaped
    assert 'name="csrfmiddlewaretoken"' in response.text
    english = midway.get("/results/", HTTP_ACCEPT_LANGUAGE="en")
    assert english.status_code == 503 and "temporarily unavailable" in english.text


# --- Headers ----------------------------------------------------------------------------------

PAGES = ["/", "/place/", "/save/", "/results/", "/api/v1/docs", "/admin/login/"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_csp_with_no_inline_script_and_a_permissions_policy(client, path):
    walk(client, HOME_FAMILY)

    response = client.get(path, follow=True)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert "camera=()" in response["Permissions-Policy"]
    scripts = re.findall(r"<script([^>]*)>(.*?)</script>", response.text, re.S)
    inline = [body for attrs, body in scripts if body.strip() and "application/json" not in attrs]
    assert not inline, inline
    assert "cdn." not in response.text and "unpkg" not in response.text


@pytest.mark.parametrize("path", ["/save/", "/results/", "/check/", "/children/"])
def test_pages_with_a_family_s_answers_are_not_stored(client, path):
    walk(client, HOME_FAMILY)

    assert "no-store" in client.get(path)["Cache-Control"]


def test_a_resume_page_is_not_stored(client):
    assert "no-store" in client.get(reverse("households:resume", args=["x"]))["Cache-Control"]


def test_the_api_docs_are_served_from_here(client):
    page = client.get("/api/v1/docs").text

    assert "/static/ninja/swagger-ui-bundle.js" in page
    assert finders.find("ninja/swagger-ui-bundle.js")  # collected with the site's own files
