"""Hromada settings: one module, driven by environment variables (see the table in README.md)."""

import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

env = os.environ.get

BASE_DIR = Path(__file__).resolve().parent.parent
PACKAGE_DIR = Path(__file__).resolve().parent
VAR_DIR = Path(env("HROMADA_VAR_DIR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# dev (default) | test (set automatically under pytest) | prod
HROMADA_ENV = env("HROMADA_ENV") or ("test" if "PYTEST_VERSION" in os.environ else "dev")
PROD = HROMADA_ENV == "prod"
TESTING = HROMADA_ENV == "test"
DEBUG = env("HROMADA_DEBUG", "0") == "1" and not PROD


def _secret_from_file(name: str) -> str:
    """Generate a secret once and keep it under var/ (mode 0600) so restarts keep sessions valid."""
    path = VAR_DIR / name
    if not path.exists():
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w") as handle:
            handle.write(secrets.token_urlsafe(50))
    return path.read_text().strip()


def _secret(variable: str, file_name: str) -> str:
    """From the environment; outside production a generated file under var/ will do."""
    value = env(variable)
    if value:
        return value
    if PROD:
        # Every app node must share these, and the pepper must never change: generating one per node
        # would silently break sessions and "one person, one account".
        raise ImproperlyConfigured(
            f"{variable} must be set when HROMADA_ENV=prod (the same value on every node)."
        )
    return _secret_from_file(file_name)


SECRET_KEY = _secret("HROMADA_SECRET_KEY", "secret_key")
# Pepper for hashes of national identifiers; must never change once people have verified.
HROMADA_IDENTITY_PEPPER = _secret("HROMADA_IDENTITY_PEPPER", "identity_pepper")

if PROD:
    ALLOWED_HOSTS = [h.strip() for h in env("HROMADA_ALLOWED_HOSTS", "").split(",") if h.strip()]
else:
    ALLOWED_HOSTS = ["localhost", ".localhost", "127.0.0.1", "[::1]", "testserver"] + [
        h.strip() for h in env("HROMADA_ALLOWED_HOSTS", "").split(",") if h.strip()
    ]
CSRF_TRUSTED_ORIGINS = [o.strip() for o in env("HROMADA_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]

INSTALLED_APPS = [
    "django.contrib.admin.apps.SimpleAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_htmx",
    "ninja",
    "csp",
    "django_tasks",
    "django_tasks_db",
]
# Our apps, floors lowest first (docs/architecture.md). Every other package hromada/<name>/ with an apps.py
# (a module made by `hromada startmodule`) is discovered and joins after them in name order, before the
# back office, so adding a module edits no shared file (docs/new-module.md).
PLATFORM_APPS = [
    "hromada.core",
    "hromada.territory",
    "hromada.ledger",
    "hromada.accounts",
    "hromada.portal",
    "hromada.petitions",
    "hromada.budget",
    "hromada.discussion",
]
MODULE_APPS = sorted(
    f"hromada.{apps_py.parent.name}"
    for apps_py in PACKAGE_DIR.glob("*/apps.py")
    if f"hromada.{apps_py.parent.name}" not in {*PLATFORM_APPS, "hromada.backoffice"}
)
INSTALLED_APPS += [*PLATFORM_APPS, *MODULE_APPS, "hromada.backoffice"]

MIDDLEWARE = [
    # The request id, the request's metrics and its JSON log line (hromada/core/metrics.py).
    "hromada.core.metrics.ObserveRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "hromada.core.middleware.TenantMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "hromada.core.middleware.ApiLanguageMiddleware",
    "hromada.core.middleware.PrivateApiMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "hromada.core.middleware.WriteRateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "hromada.core.middleware.ApplicationErrorMiddleware",
]

# An API call carrying `Authorization: Bearer …` is judged by its token alone (no session, no CSRF, no
# messages): `hromada.wsgi` runs it through this shorter chain (hromada/core/handlers.py). Same security
# headers, tenant, language, write rate limit and error handling as the full chain.
TOKEN_API_MIDDLEWARE = [
    "hromada.core.metrics.ObserveRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hromada.core.middleware.TenantMiddleware",
    "hromada.core.middleware.TokenRequestMiddleware",
    "hromada.core.middleware.ApiLanguageMiddleware",
    "hromada.core.middleware.PrivateApiMiddleware",
    "hromada.core.middleware.WriteRateLimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "hromada.core.middleware.ApplicationErrorMiddleware",
]

# A webhook that authenticates each call by a secret of its own (core/handlers.py: lean_path, the chat
# bot's) needs no session, CSRF, login, messages, locale or CSP: the same tenant, metrics, write limit and
# error handling, nothing else.
LEAN_MIDDLEWARE = [
    "hromada.core.metrics.ObserveRequestMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "hromada.core.middleware.TenantMiddleware",
    "hromada.core.middleware.WriteRateLimitMiddleware",
    "hromada.core.middleware.ApplicationErrorMiddleware",
]

ROOT_URLCONF = "hromada.urls"
WSGI_APPLICATION = "hromada.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "hromada.core.context_processors.platform",
                "hromada.portal.context_processors.appearance",
            ],
        },
    },
]

DATABASE_URL = env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'hromada.sqlite3'}"
# No CONN_HEALTH_CHECKS: it costs a `SELECT 1` round trip at the start of every request. Without it Django
# still closes, at the end of a request, a connection on which a database error occurred (and one older
# than CONN_MAX_AGE), so a connection broken by a database restart fails at most the one request that
# meets it (a 500, nothing acknowledged) and the thread's next request opens a fresh one.
DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=False)}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # HROMADA_DB_POOL_MAX > 0: a psycopg pool per process (at most that many connections, kept open and
    # checked on checkout) instead of one persistent connection per thread; docs/operations.md, "Connections".
    _pool_max = int(env("HROMADA_DB_POOL_MAX", "0"))
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    if _pool_max > 0:
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps the connections
        _options["pool"] = {"min_size": 1, "max_size": _pool_max, "timeout": 10, "max_idle": 300}
    # A web node sets it (deploy/systemd/hromada-web@.service) so one slow query cannot hold a request
    # thread forever; workers, migrations and the ledger's batch integration run without one.
    _statement_timeout = int(env("HROMADA_DB_STATEMENT_TIMEOUT_MS", "0"))
    if _statement_timeout > 0:
        _options["options"] = f"-c statement_timeout={_statement_timeout}"
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        # WAL lets readers run beside the single writer; IMMEDIATE takes the write lock at BEGIN so
        # concurrent writers queue on busy_timeout instead of failing with "database is locked".
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test-hromada.sqlite3")}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["hromada.accounts.backends.EmailOrPhoneBackend"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "portal:cabinet"
LOGOUT_REDIRECT_URL = "portal:home"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

SESSION_ENGINE = "django.contrib.sessions.backends.db"
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
CSRF_FAILURE_VIEW = "hromada.core.views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
if PROD:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env("HROMADA_SSL_REDIRECT", "1") == "1"
    SECURE_HSTS_SECONDS = int(env("HROMADA_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = False
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]
    # HSTS preload stays off on purpose: entering a domain in the browsers' preload list is the operator's
    # decision and hard to undo. `hromada check --deploy --fail-level WARNING` is clean otherwise (CI runs
    # it in scripts/cluster-check).
    SILENCED_SYSTEM_CHECKS = ["security.W021"]

LANGUAGE_CODE = "uk"
LANGUAGES = [("uk", _("Ukrainian")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
LANGUAGE_COOKIE_NAME = "hromada_language"
TIME_ZONE = "Europe/Kyiv"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("HROMADA_MEDIA_ROOT", str(VAR_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PROD
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PROD
WHITENOISE_AUTOREFRESH = DEBUG

# Request bodies (hromada/core/bodylimit.py): hromada.wsgi answers 413 to a declared body over the cap before
# reading it; pages that take files allow files × HROMADA_UPLOAD_MAX_BYTES more.
HROMADA_REQUEST_MAX_BYTES = int(env("HROMADA_REQUEST_MAX_BYTES", str(1024 * 1024)))
HROMADA_UPLOAD_MAX_BYTES = int(env("HROMADA_UPLOAD_MAX_BYTES", str(10 * 1024 * 1024)))
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = HROMADA_REQUEST_MAX_BYTES  # a body's non-file part, also under runserver

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if TESTING
            else "hromada.core.taskbackend.RequestIdDatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = env(
    "HROMADA_EMAIL_BACKEND",
    "django.core.mail.backends.locmem.EmailBackend"
    if TESTING
    else "django.core.mail.backends.smtp.EmailBackend"
    if PROD
    else "hromada.core.mail.OneLineConsoleBackend",
)
EMAIL_HOST = env("HROMADA_EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("HROMADA_EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("HROMADA_EMAIL_USER", "")
EMAIL_HOST_PASSWORD = env("HROMADA_EMAIL_PASSWORD", "")
EMAIL_USE_TLS = env("HROMADA_EMAIL_TLS", "0") == "1"
DEFAULT_FROM_EMAIL = env("HROMADA_FROM_EMAIL", "Hromada <noreply@hromada.localhost>")

# Map tiles: an XYZ template; empty disables the base layer (districts and markers still show).
HROMADA_MAP_TILES_URL = env("HROMADA_MAP_TILES_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
HROMADA_MAP_ATTRIBUTION = env(
    "HROMADA_MAP_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
# The open city's analytics tables per hromada, filters and language are cached this long (0: never; tests).
HROMADA_ANALYTICS_CACHE_SECONDS = int(env("HROMADA_ANALYTICS_CACHE_SECONDS", "0" if TESTING else "60"))
_tile_origin = ""
if HROMADA_MAP_TILES_URL:
    _parts = urlsplit(HROMADA_MAP_TILES_URL.replace("{s}", "a"))
    _tile_origin = f"{_parts.scheme}://{_parts.netloc}".replace("://a.", "://*.")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # No inline styles: every style is a class in our stylesheets (tests/browser/test_layout.py watches
        # for refusals). Leaflet positions its panes through the CSSOM (element.style), which CSP allows.
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"] + ([_tile_origin] if _tile_origin else []),
        "connect-src": ["'self'"],
        "font-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Login throttling (docs/accounts.md): past these failures inside the window a password is checked only
# after the browser passes the login challenge (a proof of work of HROMADA_LOGIN_CHALLENGE_BITS bits);
# nobody is locked out. The address limit counts failures for logins no account has.
HROMADA_LOGIN_MAX_FAILURES = int(env("HROMADA_LOGIN_MAX_FAILURES", "5"))
HROMADA_LOGIN_MAX_FAILURES_PER_ADDRESS = int(env("HROMADA_LOGIN_MAX_FAILURES_PER_ADDRESS", "30"))
HROMADA_LOGIN_LOCKOUT_SECONDS = int(env("HROMADA_LOGIN_LOCKOUT_SECONDS", "900"))
HROMADA_LOGIN_CHALLENGE_BITS = int(env("HROMADA_LOGIN_CHALLENGE_BITS", "16"))
# Client address: trust X-Forwarded-For only behind a known number of proxies.
HROMADA_NUM_PROXIES = int(env("HROMADA_NUM_PROXIES", "0"))
# Set to 0 to switch off rate limits (load tests against a single address only).
HROMADA_RATE_LIMITS = env("HROMADA_RATE_LIMITS", "1") == "1"
HROMADA_WRITE_LIMIT_PER_MINUTE = int(env("HROMADA_WRITE_LIMIT_PER_MINUTE", "120"))

# Absolute links in e-mails: scheme and port of the public site (a background task cannot see the request).
# The host is each hromada's primary host name (HromadaHost.is_primary).
HROMADA_URL_SCHEME = env("HROMADA_URL_SCHEME", "https" if PROD else "http")
HROMADA_URL_PORT = env("HROMADA_URL_PORT", "")

# OpenID Connect identity providers (JSON list); see docs/accounts.md.
HROMADA_OIDC_PROVIDERS_JSON = env("HROMADA_OIDC_PROVIDERS", "[]")

# Working days for legal deadlines (see hromada/core/calendar.py). Under martial law (Law 2136-IX) the
# public holidays of Labour Code art. 73 are working days; set HROMADA_MARTIAL_LAW=0 when it ends.
HROMADA_WORKING_CALENDAR = {"MARTIAL_LAW": env("HROMADA_MARTIAL_LAW", "1") == "1"}

HROMADA_DELETION_GRACE_DAYS = int(env("HROMADA_DELETION_GRACE_DAYS", "30"))

# Transparency log signing keys, one file per hromada (mode 0600), never in the database; see docs/ledger.md.
HROMADA_LEDGER_KEY_DIR = Path(env("HROMADA_LEDGER_KEY_DIR", str(VAR_DIR / "ledger-keys")))
# The chat bot (hromada/bot): the Telegram Bot API base URL; tests and outside checks point it at a stand-in.
HROMADA_TELEGRAM_API_URL = env("HROMADA_TELEGRAM_API_URL", "https://api.telegram.org")

# SMS gateway: a class with send(phone, text); the console one only logs (no gateway configured).
HROMADA_SMS_BACKEND = env(
    "HROMADA_SMS_BACKEND",
    "hromada.core.sms.MemoryBackend"
    if TESTING
    else "hromada.core.sms.DisabledBackend"
    if PROD
    else "hromada.core.sms.ConsoleBackend",
)

OTP_TOTP_ISSUER = env("HROMADA_TOTP_ISSUER", "Hromada")

NINJA_PAGINATION_PER_PAGE = 20

# HROMADA_LOG_FORMAT=json: one JSON object per line (hromada/core/logs.py), and one line per request with
# its id, hromada, route, status, duration and queries (logger hromada.request; docs/operations.md, "Logs").
HROMADA_LOG_FORMAT = env("HROMADA_LOG_FORMAT", "plain")
# /metrics (hromada/core/metrics.py): open to these client addresses, or to a bearer HROMADA_METRICS_TOKEN.
HROMADA_METRICS_ALLOW = [
    a.strip() for a in env("HROMADA_METRICS_ALLOW", "127.0.0.1,::1").split(",") if a.strip()
]
HROMADA_METRICS_TOKEN = env("HROMADA_METRICS_TOKEN", "")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
        "json": {"()": "hromada.core.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "json" if HROMADA_LOG_FORMAT == "json" else "plain",
        }
    },
    "root": {"handlers": ["console"], "level": env("HROMADA_LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # django-tasks says "Task id=… enqueued" at DEBUG: in JSON that line carries the request's id, and
        # the worker's "Task id=… state=RUNNING" line the same task id (docs/operations.md, "Logs").
        **({"django_tasks": {"level": "DEBUG"}} if HROMADA_LOG_FORMAT == "json" else {}),
    },
}
