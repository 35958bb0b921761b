"""Fixtures shared by the whole suite. Keep it small: a fixture used by one folder lives in that
folder's conftest.py. Sections: environment, test database, the service's today.
"""

import os
from collections.abc import Callable
from datetime import date
from glob import glob
from pathlib import Path

import django
import pytest
from django.conf import settings
from django.core.management import call_command

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

# PBKDF2 is slow on purpose; users made by tests need no such strength (a third of the run).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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


# --- The service's today ---------------------------------------------------------------------


@pytest.fixture
def today(monkeypatch: pytest.MonkeyPatch) -> Callable[[date | str], date]:
    """Set the service's "today" (Asia/Shanghai, `timezone.localdate`) for a test: what a family
    may still claim depends on the day (claim deadlines), and pages ask on today."""

    def set_today(day: date | str) -> date:
        fixed = date.fromisoformat(day) if isinstance(day, str) else day
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: fixed)
        return fixed

    return set_today
