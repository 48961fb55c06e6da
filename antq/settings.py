"""ANTQ settings: one module, driven by environment variables (DATABASE_URL, SECRET_KEY, DEBUG, ...)."""

import os
from pathlib import Path

import dj_database_url
from whitenoise.compress import Compressor

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool = False) -> bool:
    """Read a yes/no environment variable ("1", "true", "yes", "on" are true)."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    """Read a comma-separated environment variable."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and not env_bool("ANTQ_ALLOW_INSECURE_KEY", False):
        raise RuntimeError("SECRET_KEY is not set (set DEBUG=1 or ANTQ_ALLOW_INSECURE_KEY=1 for local use).")
    SECRET_KEY = "insecure-local-only-key-do-not-use-in-production"  # noqa: S105 - guarded above

# Keys encrypting tip content at rest (antq/tips/crypto.py): comma-separated Fernet keys, newest first. Never in the
# database; a local run (DEBUG or ANTQ_ALLOW_INSECURE_KEY) falls back to a fixed key that protects nothing.
TIPS_KEYS = [k.strip() for k in os.environ.get("ANTQ_TIPS_KEYS", "").split(",") if k.strip()]
if not TIPS_KEYS:
    if not DEBUG and not env_bool("ANTQ_ALLOW_INSECURE_KEY", False):
        raise RuntimeError("ANTQ_TIPS_KEYS is not set (docs/operations.md: generating and rotating the tip keys).")
    TIPS_KEYS = ["bG9jYWwtb25seS10aXBzLWtleS1ub3QtYS1zZWNyZXQ="]  # base64 of 32 known bytes: local use only

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "auditlog",
    "ninja",  # serves its bundled Swagger UI locally (no CDN on a closed network)
    "django_tasks",
    "django_tasks_db",
    "antq.core",
    "antq.geo",
    "antq.accounts",
    "antq.api",
    "antq.forces",
    "antq.schemes",
    "antq.activities",
    "antq.tips",
    "antq.reporting",
    "antq.documents",
    "antq.ops",
]

MIDDLEWARE = [
    # First: every request gets its id and its one log line, whatever the layers below answer (docs/operations.md).
    "antq.core.requestlog.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files straight after SecurityMiddleware, as WhiteNoise asks (HTTPS redirect first, then nothing else).
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "antq.accounts.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # django-auditlog's, leaving the client out of the trail on anonymous pages (tip portal; antq/core/middleware.py).
    "antq.core.middleware.AnonymousAuditlogMiddleware",
    "antq.accounts.middleware.ForcePasswordChangeMiddleware",
    "antq.core.middleware.TypedErrorPageMiddleware",
    # Last, as django-axes asks, so it sees the final authentication result.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "antq.urls"
WSGI_APPLICATION = "antq.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "antq" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "antq.core.context_processors.navigation",
            ],
            # {% unit_crumbs %} in every template: breadcrumbs link only units the user may open.
            "builtins": ["antq.accounts.templatetags.crumbs"],
        },
    },
]

# DATABASE_URL covers both engines: sqlite:////abs/path.sqlite3 or postgres://user@host:port/db.
DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'antq.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers work while one writer commits; IMMEDIATE avoids "database is locked" on upgrade.
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000; PRAGMA foreign_keys=ON;"
        ),
        "transaction_mode": "IMMEDIATE",
    }

else:
    # Short interactive queries: PostgreSQL's JIT compiler spends 0.2–0.5 s compiling plans whose (over)estimated
    # cost passes jit_above_cost, longer than the queries themselves run (measured on the national benchmark data).
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "antq.accounts.passwords.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Login throttling (django-axes): lock a username after 5 failures for an hour; a province officer can clear it.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_VERBOSE = False
# Locking by username alone is deliberate: a commune office shares one public IP, so locking an IP would lock
# out colleagues; an attacker rotating IPs still hits the per-username limit.
SILENCED_SYSTEM_CHECKS = [
    "axes.W006",
    # HSTS includeSubDomains / preload bind the whole domain ANTQ is served under (a ministry's, usually): the
    # domain's owner decides them, at its TLS proxy. ANTQ sends max-age (SECURE_HSTS_SECONDS).
    "security.W005",
    "security.W021",
]

# Sessions, cookies, CSRF.
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600  # one working day
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "antq.core.views.csrf_failure"  # the Vietnamese 403_csrf page, with the request id
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_COOKIES = env_bool("SECURE_COOKIES", not DEBUG)
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
# Secure cookies mean ANTQ is served over HTTPS: browsers are told to keep to it (HSTS) whenever they are on, whether
# TLS ends here or at a proxy (SecurityHeadersMiddleware sends it then; browsers ignore it over plain HTTP).
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000")) if SECURE_COOKIES else 0
# Secure cookies also send plain HTTP to HTTPS. Behind a TLS-terminating proxy on this host, gunicorn already marks
# requests carrying `X-Forwarded-Proto: https` as secure (its forwarded_allow_ips is 127.0.0.1); a proxy elsewhere
# needs SECURE_PROXY_SSL_HEADER=1, and only when that proxy overwrites the header (docs/operations.md).
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", SECURE_COOKIES)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# Monitoring polls these on the server itself, over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^metrics$"]
# Browser features no ANTQ page uses, switched off for every page (SecurityHeadersMiddleware).
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"
# Content-Security-Policy (django-csp 4): only ANTQ's own scripts, styles, images and fonts; no inline script, no
# inline style attribute, no framing, forms post only to ANTQ. `data:` images are for the bundled API docs' icons.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

# Vietnamese by default.
LANGUAGE_CODE = "vi"
# One language whatever the browser asks for (no LocaleMiddleware): an en-US browser would otherwise get English
# messages and read "05/01/2026" month first. Dates are day first everywhere (antq/formats/vi).
LANGUAGES = [("vi", "Tiếng Việt")]
LOCALE_PATHS = [BASE_DIR / "antq" / "locale"]
FORMAT_MODULE_PATH = ["antq.formats"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "antq" / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "var" / "static"))
# Production serves `collectstatic`'s output through WhiteNoise, compressed, under hashed names cached for a year.
# The manifest exists only after collectstatic, so development (DEBUG) and the tests keep the plain storage.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if env_bool("ANTQ_STATIC_MANIFEST", not DEBUG)
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Source maps (the API docs' 5 MB) are fetched by developer tools only: not worth compressing at every deploy.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = [*Compressor.SKIP_COMPRESS_EXTENSIONS, "map"]
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "var" / "media"))
MEDIA_URL = "media/"

# Audit trail: django-auditlog with ANTQ's own entry model that carries the unit.
AUDITLOG_LOGENTRY_MODEL = "accounts.AuditEntry"
AUDITLOG_INCLUDE_ALL_MODELS = False
AUDITLOG_DISABLE_REMOTE_ADDR = False
AUDITLOG_MASK_CALLABLE = "antq.accounts.audit.mask"

# The reporting year's data cut-off (month, day): the year ends on this day. Default: calendar year.
ANTQ_YEAR_END = (
    int(os.environ.get("ANTQ_YEAR_END_MONTH", "12")),
    int(os.environ.get("ANTQ_YEAR_END_DAY", "31")),
)
ANTQ_PAGE_SIZE = 50
# Entry for a period closes this many days after the period ends, unless the report is reopened.
ANTQ_ENTRY_CLOSE_DAYS = int(os.environ.get("ANTQ_ENTRY_CLOSE_DAYS", "15"))
# A report is due this many days after its period ends (commune → province; the province gets as many again).
ANTQ_REPORT_DUE_DAYS = int(os.environ.get("ANTQ_REPORT_DUE_DAYS", "5"))
# An API token stops working this many days after it is issued (a leaked token does not live for ever).
ANTQ_TOKEN_DAYS = int(os.environ.get("ANTQ_TOKEN_DAYS", "90"))
# An import confirm of more data rows than this runs as a background job (docs/operations.md, "Large imports").
ANTQ_IMPORT_JOB_ROWS = int(os.environ.get("ANTQ_IMPORT_JOB_ROWS", "2000"))

# Backups and retention (antq.ops; docs/backups.md): where `manage.py backup` writes by default, and where to find
# pg_dump / pg_restore when the server's version is not the one on PATH.
ANTQ_BACKUP_DIR = Path(os.environ.get("ANTQ_BACKUP_DIR", BASE_DIR / "var" / "backups"))
ANTQ_PG_BIN_DIR = os.environ.get("ANTQ_PG_BIN_DIR", "")

# Background jobs (django-tasks): the database backend, run by `manage.py db_worker` beside gunicorn (`make serve`);
# the tests run each job at once in-process (ANTQ_TASKS_BACKEND=immediate, set by antq/core/testenv.py).
TASKS = {
    "default": {
        "BACKEND": {
            "database": "django_tasks_db.DatabaseBackend",
            "immediate": "django_tasks.backends.immediate.ImmediateBackend",
        }[os.environ.get("ANTQ_TASKS_BACKEND", "database")],
    }
}

# Operations (docs/operations.md): /healthz thresholds, the /metrics token (unset: /metrics answers 404), the folder
# where each server process leaves its counters for /metrics to add up (set by scripts/serve.py).
ANTQ_HEALTH_QUEUE_WAIT_MINUTES = int(os.environ.get("ANTQ_HEALTH_QUEUE_WAIT_MINUTES", "15"))
ANTQ_HEALTH_JOB_MAX_MINUTES = int(os.environ.get("ANTQ_HEALTH_JOB_MAX_MINUTES", "60"))
# A running background job that reports no progress for this long is failed as stale (antq/core/jobs.py).
ANTQ_JOB_STALE_MINUTES = int(os.environ.get("ANTQ_JOB_STALE_MINUTES", "30"))
ANTQ_HEALTH_MIN_FREE_MB = int(os.environ.get("ANTQ_HEALTH_MIN_FREE_MB", "1024"))
ANTQ_METRICS_TOKEN = os.environ.get("ANTQ_METRICS_TOKEN", "")
ANTQ_METRICS_DIR = os.environ.get("ANTQ_METRICS_DIR", "")

# One JSON object per line on stderr (antq.core.logformat): one line per request, errors with their request id and
# stack but never an exception's message (it can quote a CCCD); Django's own lines name the route, not the path,
# and its 4xx lines are left out (the request's line has the status).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "antq.core.logformat.JsonFormatter"}},
    "filters": {"request_context": {"()": "antq.core.logformat.RequestContextFilter"}},
    # The filter is the handler's, so that it sees the records of every logger below django.request and django.security.
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "json", "filters": ["request_context"]}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    "loggers": {
        "antq": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO"), "propagate": False},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
    },
}
