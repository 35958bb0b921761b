"""Fixtures shared by the whole suite. Keep it small: a fixture used by one folder lives in that
folder's conftest.py. Sections: environment, test database, the service's today.
"""

import os
from collections.abc import Callable
from datetime import date, datetime
from glob import glob
from pathlib import Path
from typing import Any

import django
import pytest
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import FileSystemStorage
from django.core.management import call_command
from django.utils import timezone

from apps.applications.sms import LocmemBackend

BASE_DIR = Path(__file__).resolve().parent.parent

# --- Environment -----------------------------------------------------------------------------
# config/settings.py reads the environment once, at import, and refuses to load without a
# SECRET_KEY when DEBUG is off. The suite reads it as the local run does (DEBUG=1: plain static
# storage, no HTTPS redirect, cookies not Secure-only), whatever the calling shell has exported,
# so that `make test` and a bare `.venv/bin/pytest` behave alike. Django's test runner then turns
# settings.DEBUG off while tests run. DATABASE_URL passes through: it chooses PostgreSQL.
# The production settings are tested in test_settings.py and served by `make prod-check`.
# pytest-django would load the settings before this file is imported, so pyproject.toml leaves
# DJANGO_SETTINGS_MODULE to this file, which sets Django up here, before any other conftest.
os.environ["DEBUG"] = "1"
os.environ.setdefault("SECRET_KEY", "test-only-not-secret")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
django.setup()

# Models need Django set up.
from apps.applications.models import Document  # noqa: E402
from apps.jurisdictions.models import Jurisdiction  # noqa: E402
from apps.jurisdictions.versions import versions_forget  # noqa: E402

# PBKDF2 is slow on purpose; users made by tests need no such strength (a third of the run).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The shared cache is Redis in production, which costs no database query: the suite uses an
# in-process cache, emptied before each test, so that query counts are the app's own. The
# database cache that `make run` uses is tested on its own (tests/test_throttles.py).
settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


# --- Test database ---------------------------------------------------------------------------
JURISDICTIONS = BASE_DIR / "fixtures" / "jurisdictions.json"
POLICIES = BASE_DIR / "fixtures" / "policies"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database, created fresh for each run, holds the jurisdiction tree and every
    policy file, loaded once per session as `make setup` loads them."""
    with django_db_blocker.unblock():
        if JURISDICTIONS.exists():
            call_command("loaddata", str(JURISDICTIONS), verbosity=0)
        policies = sorted(glob(str(POLICIES / "*.json")))
        if policies:
            call_command("load_policy", *policies, verbosity=0)


@pytest.fixture
def committed_data(transactional_db: None) -> None:
    """For tests whose data other threads must see (a live server, concurrent requests): the
    transactional database, which Django empties after each such test, with the jurisdiction
    tree and the policies loaded again when missing. pytest-django runs these tests after all
    the others, so no other test finds an empty database."""
    if not Jurisdiction.objects.exists():
        call_command("loaddata", str(JURISDICTIONS), verbosity=0)
        call_command("load_policy", *sorted(glob(str(POLICIES / "*.json"))), verbosity=0)


# --- Where documents and messages go ---------------------------------------------------------


@pytest.fixture(autouse=True)
def documents_and_messages_kept_apart(
    settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each test keeps uploaded documents in its own folder and text messages in memory
    (Django's test runner already keeps email in django.core.mail.outbox). The documents'
    storage is made once, when the models load, so the field's storage itself is replaced."""
    field = Document._meta.get_field("file")
    monkeypatch.setattr(field, "storage", FileSystemStorage(location=tmp_path / "documents"))
    settings.SMS_BACKEND = "apps.applications.sms.LocmemBackend"
    LocmemBackend.outbox.clear()
    cache.clear()  # throttle counters and versions start afresh
    versions_forget()  # a token read in an earlier test, since rolled back, is not trusted


# --- The service's today ---------------------------------------------------------------------


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Callable[[date | str], date]:
    """Set the service's "today" (Asia/Shanghai, `timezone.localdate`) for a test: what a family
    may still claim depends on the day (claim deadlines), and pages ask on today."""

    real = timezone.localdate

    def set_today(day: date | str) -> date:
        fixed = date.fromisoformat(day) if isinstance(day, str) else day

        def localdate(value: datetime | None = None, timezone: Any = None) -> date:
            return fixed if value is None else real(value, timezone)  # a given time keeps its day

        monkeypatch.setattr("django.utils.timezone.localdate", localdate)
        return fixed

    return set_today
