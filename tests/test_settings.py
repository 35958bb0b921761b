"""config/settings.py as each environment loads it, in a fresh interpreter with a clean
environment (the test process itself has loaded the settings with DEBUG=1)."""

import json
import os
import subprocess
import sys
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

REPORT = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST"),
    "OPTIONS": db["OPTIONS"],
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"],
    "SECURE_SSL_REDIRECT": settings.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": settings.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": settings.CSRF_COOKIE_SECURE,
    "SECURE_HSTS_SECONDS": settings.SECURE_HSTS_SECONDS,
    "STATICFILES_BACKEND": settings.STORAGES["staticfiles"]["BACKEND"],
    "CACHE": settings.CACHES["default"]["BACKEND"],
    "CELERY_EAGER": settings.CELERY_TASK_ALWAYS_EAGER,
    "CELERY_BROKER": settings.CELERY_BROKER_URL,
}))
"""


def load_settings(**environ: str) -> subprocess.CompletedProcess:
    env = {"PATH": os.environ.get("PATH", ""), "DJANGO_SETTINGS_MODULE": "config.settings"}
    return subprocess.run(
        [sys.executable, "-c", REPORT],
        cwd=BASE_DIR,
        env={**env, **environ},
        capture_output=True,
        text=True,
        timeout=60,
    )


def settings_with(**environ: str) -> dict:
    result = load_settings(**environ)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_it_refuses_to_load_without_a_secret_key():
    result = load_settings()
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_defaults_are_safe_for_production():
    loaded = settings_with(SECRET_KEY="a-real-secret")
    assert loaded["DEBUG"] is False
    assert loaded["ALLOWED_HOSTS"] == []
    assert loaded["SECURE_SSL_REDIRECT"] is True
    assert loaded["SESSION_COOKIE_SECURE"] is True
    assert loaded["CSRF_COOKIE_SECURE"] is True
    assert loaded["SECURE_HSTS_SECONDS"] == 31536000
    assert (
        loaded["STATICFILES_BACKEND"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )


def test_debug_runs_locally_without_a_secret_key():
    loaded = settings_with(DEBUG="1")
    assert loaded["DEBUG"] is True
    assert loaded["SECRET_KEY"].startswith("django-insecure-")
    assert loaded["SECURE_SSL_REDIRECT"] is False


def test_the_database_is_sqlite_in_the_project_by_default():
    loaded = settings_with(SECRET_KEY="a-real-secret")
    assert loaded["ENGINE"] == "django.db.backends.sqlite3"
    assert loaded["NAME"] == str(BASE_DIR / "db.sqlite3")


def test_database_url_switches_to_postgresql_with_a_connect_timeout():
    loaded = settings_with(
        SECRET_KEY="a-real-secret",
        DATABASE_URL="postgresql://app@db.internal:5432/benefits",
        DB_CONNECT_TIMEOUT="5",
    )
    assert loaded["ENGINE"] == "django.db.backends.postgresql"
    assert loaded["NAME"] == "benefits"
    assert loaded["HOST"] == "db.internal"
    assert loaded["OPTIONS"]["connect_timeout"] == 5


def test_postgresql_uses_a_connection_pool_and_no_check_per_request():
    loaded = settings_with(
        SECRET_KEY="a-real-secret",
        DATABASE_URL="postgresql://app@db.internal:5432/benefits",
        DB_POOL_MAX="12",
    )
    assert loaded["OPTIONS"]["pool"] == {"min_size": 1, "max_size": 12, "timeout": 3}
    assert (loaded["CONN_MAX_AGE"], loaded["CONN_HEALTH_CHECKS"]) == (0, False)
    unpooled = settings_with(
        SECRET_KEY="a-real-secret",
        DATABASE_URL="postgresql://app@db.internal:5432/benefits",
        DB_POOL="0",
    )
    assert "pool" not in unpooled["OPTIONS"] and unpooled["CONN_HEALTH_CHECKS"] is True


def test_without_redis_the_cache_is_the_database_and_tasks_run_at_once():
    loaded = settings_with(SECRET_KEY="a-real-secret")
    assert loaded["CACHE"] == "django.core.cache.backends.db.DatabaseCache"
    assert loaded["CELERY_EAGER"] is True


def test_with_redis_the_cache_and_the_task_queue_use_it():
    loaded = settings_with(SECRET_KEY="a-real-secret", REDIS_URL="redis://cache.internal:6379/0")
    assert loaded["CACHE"] == "django.core.cache.backends.redis.RedisCache"
    assert loaded["CELERY_EAGER"] is False
    assert loaded["CELERY_BROKER"] == "redis://cache.internal:6379/0"
