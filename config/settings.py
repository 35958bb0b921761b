"""One settings module, driven by environment variables.

Defaults are safe for production (DEBUG off, no secret key); the local run (`make run`) and the
test suite turn DEBUG on or set what they need. Every variable is listed in README.md.
"""

import os
from pathlib import Path
from typing import Literal

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def envbool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def envint(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    return int(value) if value.strip() else default


def envlist(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = envbool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")
    SECRET_KEY = "django-insecure-local-development-only"

ALLOWED_HOSTS = envlist("ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = envlist("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "template_partials",
    "ninja",  # its Swagger UI files, served from here rather than a CDN
    "axes",
    "apps.jurisdictions",
    "apps.benefits",
    "apps.households",
    "apps.children",
    "apps.applications",
]

MIDDLEWARE = [
    "config.middleware.refuse_unreadable_paths",
    "django.middleware.security.SecurityMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "axes.middleware.AxesMiddleware",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # refuses a login locked out (below)
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    }
]

# SQLite in the project by default; PostgreSQL in production by one variable.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=envint("DB_CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # /readyz must answer 503 within seconds, not hang, when the database is away.
    DATABASES["default"].setdefault("OPTIONS", {})["connect_timeout"] = envint(
        "DB_CONNECT_TIMEOUT", 3
    )
    if envbool("DB_POOL", True):
        # psycopg's pool (Django 5.1+) hands each request a live connection: no reconnect, and
        # no `SELECT 1` health check before each request. A broken connection is replaced by
        # the pool when it is given back.
        DATABASES["default"]["CONN_MAX_AGE"] = 0
        DATABASES["default"]["CONN_HEALTH_CHECKS"] = False
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": envint("DB_POOL_MIN", 1),
            "max_size": envint("DB_POOL_MAX", 8),
            # Waiting longer for a connection than for a new one would keep /readyz hanging.
            "timeout": envint("DB_POOL_TIMEOUT", envint("DB_CONNECT_TIMEOUT", 3)),
        }
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 5, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
# The parents' documents are kept outside the web root and are never served as files: only the
# admin's checked download view reads them. Locally a folder; in production any S3-compatible
# store (django-storages) when DOCUMENTS_S3_BUCKET is set.
DOCUMENTS_ROOT = Path(os.environ.get("DOCUMENTS_ROOT") or BASE_DIR / "documents")
DOCUMENTS_S3_BUCKET = os.environ.get("DOCUMENTS_S3_BUCKET", "")
DOCUMENT_MAX_BYTES = envint("DOCUMENT_MAX_BYTES", 10 * 1024 * 1024)
DOCUMENTS_STORAGE: dict[str, object] = (
    {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": DOCUMENTS_S3_BUCKET,
            "endpoint_url": os.environ.get("DOCUMENTS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("DOCUMENTS_S3_REGION") or None,
            "access_key": os.environ.get("DOCUMENTS_S3_ACCESS_KEY") or None,
            "secret_key": os.environ.get("DOCUMENTS_S3_SECRET_KEY") or None,
            "default_acl": "private",
            "querystring_auth": True,
            "file_overwrite": False,
        },
    }
    if DOCUMENTS_S3_BUCKET
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": DOCUMENTS_ROOT, "base_url": None},
    }
)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
    "documents": DOCUMENTS_STORAGE,
}
# The most a file upload may hold in memory before going to a temporary file.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Messages to parents. Email through Django's backend (the console unless EMAIL_HOST is set);
# SMS through one of ours (apps.applications.sms: the console by default, a provider's in
# production). REVIEW_DAYS is the office's target for deciding an application, shown to parents.
EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if os.environ.get("EMAIL_HOST")
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = envint("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = envbool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "noreply@localhost")
SMS_BACKEND = os.environ.get("SMS_BACKEND", "apps.applications.sms.ConsoleBackend")
REVIEW_DAYS = envint("REVIEW_DAYS", 20)
# How parents reach the office that runs the service: the help page and the footer show them.
# Unset, the help page says the deploying office is to fill them in (never a made-up contact).
SUPPORT_EMAIL = os.environ.get("SUPPORT_EMAIL", "").strip()
SUPPORT_PHONE = os.environ.get("SUPPORT_PHONE", "").strip()

SESSION_COOKIE_AGE = envint("SESSION_COOKIE_AGE", 60 * 60 * 24 * 30)
# Staff sessions (the admin) end after hours, not the parents' month.
ADMIN_SESSION_AGE = envint("ADMIN_SESSION_AGE", 60 * 60 * 8)

# The shared cache: Redis when REDIS_URL is set (production: every worker and machine sees the
# same counters and versions), else a table in the database (`createcachetable`; `make run` and
# the tests need nothing else).
REDIS_URL = os.environ.get("REDIS_URL", "")
_SHARED_CACHE = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}
    if REDIS_URL
    else {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}
)
CACHES = {"default": _SHARED_CACHE}
# Sessions are kept in the database (a family's answers hang on them) and, with Redis, read
# through it: a page finds its session in Redis, not with a query.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_URL
    else "django.contrib.sessions.backends.db"
)

# The task queue (config/celery.py): Redis as broker when REDIS_URL is set, a worker per machine
# (`celery -A config worker`); without it every task runs at once in the process that sends it.
CELERY_BROKER_URL = os.environ.get("CELERY_BROKER_URL") or REDIS_URL or "memory://localhost/"
CELERY_TASK_ALWAYS_EAGER = not (os.environ.get("CELERY_BROKER_URL") or REDIS_URL)
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True  # a task whose worker dies is done again (the tasks are idempotent)
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_TIME_LIMIT = envint("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_IGNORE_RESULT = True  # progress is kept in the database, not in a result backend
CELERY_TIMEZONE = os.environ.get("TIME_ZONE", "Asia/Shanghai")
# Households or open applications per recompute chunk: one task, one transaction.
RECOMPUTE_CHUNK = envint("RECOMPUTE_CHUNK", 500)
# A masked export of more rows than this is written by the task queue to a file to download.
EXPORT_INLINE_ROWS = envint("EXPORT_INLINE_ROWS", 5000)

# Who is asking: REMOTE_ADDR, or, when that is a trusted proxy's address, the last address the
# proxies added to X-Forwarded-For (config/clients.py). The same list gunicorn trusts.
TRUSTED_PROXIES = envlist("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# Throttles per client, counted in the shared cache (django-ratelimit), each "count/period".
RATELIMIT_USE_CACHE = "default"
RATELIMIT_IP_META_KEY = "config.clients.client_ip"
RATELIMIT_VIEW = "config.errors.too_many_requests"
RATELIMIT_ENABLE = envbool("RATELIMIT_ENABLE", True)
RATE_API = os.environ.get("RATE_API", "120/m")  # the JSON API
RATE_APPLY = os.environ.get("RATE_APPLY", "10/m")  # submitting an application
RATE_SECRET_PAGES = os.environ.get("RATE_SECRET_PAGES", "30/m")  # status and resume pages
RATE_ANSWERS = os.environ.get("RATE_ANSWERS", "120/m")  # questionnaire posts

# Admin logins (django-axes): after AXES_FAILURE_LIMIT failures for one user name from one
# address, that login is locked for AXES_COOLOFF_HOURS (a 429 page); a success resets the count.
AXES_FAILURE_LIMIT = envint("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = envint("AXES_COOLOFF_HOURS", 1)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "config.clients.client_ip"
AXES_LOCKOUT_TEMPLATE = "429.html"
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False

# Production hardening: on whenever DEBUG is off, each can be relaxed by its variable.
SECURE_SSL_REDIRECT = envbool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = envbool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = envbool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = envint("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = envbool("SECURE_HSTS_PRELOAD", False)
# Preloading commits the domain and all its subdomains to HTTPS for good: the operator opts in.
# Until then Django's reminder (security.W021) is silenced, so that
# `check --deploy --fail-level WARNING` can gate a release on everything else.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
LANGUAGE_COOKIE_SECURE = envbool("LANGUAGE_COOKIE_SECURE", not DEBUG)
LANGUAGE_COOKIE_SAMESITE: Literal["Lax"] = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True

# Content-Security-Policy (django-csp): scripts, styles, images and fonts from this site only; no
# inline script anywhere (the templates load theirs from static files); no framing; forms post
# here only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Permissions-Policy (django-permissions-policy): none of the browser's powerful features.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "usb",
    )
}

# Every record goes through the one handler, which masks "save and come back later" tokens
# (/resume/<token>/ is a key to a family's answers) and resident ID numbers (a caseworker's
# search of the queue by a whole ID number is a GET). Django's own loggers are routed to it
# instead of Django's default console handler, which would print the path unmasked.
LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"mask_secrets": {"()": "config.logs.MaskSecrets"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["mask_secrets"],
        }
    },
    "root": {"handlers": ["stdout"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stdout"], "level": LOG_LEVEL, "propagate": False},
        "django.server": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        "axes": {"level": "WARNING"},  # a line per login attempt otherwise
    },
}


ADMIN_SITE_HEADER = _("生育支持待遇 · 管理")
