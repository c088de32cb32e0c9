"""Settings for Batenplan, read from the environment (see README: Configuratie)."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_flag(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on", "ja"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Off unless asked for: a forgotten variable in production must not expose tracebacks.
DEBUG = env_flag("DJANGO_DEBUG")

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it to a long random value, or set DJANGO_DEBUG=1 "
            "for local development."
        )
    # Only ever used with DEBUG on, on a developer's machine; never a production secret.
    SECRET_KEY = "django-insecure-local-development-only-never-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "django_tasks_db",
    # The API (programmas/api.py); listed for its docs page's own assets, served from here.
    "ninja",
    "simple_history",
    "programmas",
]

MIDDLEWARE = [
    # First: refuse an oversized body before anything reads it.
    "programmas.middleware.BodyLimitMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language a person chose (Dutch unless they chose English); not the browser's.
    "programmas.middleware.TaalMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Every write of a request is one change set in the history (issue 15).
    "programmas.geschiedenis.WijzigingssetMiddleware",
    # Last, as django-axes asks: it answers locked-out logins itself.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Login throttling (django-axes): 5 failures on one account from one address lock that pair
# for 15 minutes, so made-up usernames lock out nobody else and no one elsewhere can lock an
# account; 30 failures from one address, over any usernames, lock that address (handler in
# programmas/inlogpogingen.py). A successful login clears its own pair's count.
AXES_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_FAILURE_LIMIT", "5"))
LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("DJANGO_LOGIN_ADDRESS_FAILURE_LIMIT", "30"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("DJANGO_LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_HANDLER = "programmas.inlogpogingen.AdresEnAccountHandler"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
AXES_VERBOSE = False

# The client's address (django-ipware, for axes): behind N proxies that each append to
# X-Forwarded-For, the address the outermost one saw is the Nth entry from the right; what a
# client writes further left is ignored. Without a proxy: REMOTE_ADDR.
PROXY_COUNT = int(
    os.environ.get("DJANGO_PROXY_COUNT", "1" if env_flag("DJANGO_BEHIND_PROXY") else "0")
)
if PROXY_COUNT > 0:
    # ipware counts the proxies listed after the client; the last proxy is REMOTE_ADDR.
    AXES_IPWARE_PROXY_COUNT = PROXY_COUNT - 1
    AXES_IPWARE_PROXY_ORDER = "left-most"
    # REMOTE_ADDR only for a request that did not come through the proxy (a health check).
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    # More entries than proxies are a client's own additions: take ours, not fall back.
    IPWARE_STRICT = False
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]
# Background work (the PDF report) with Django's Tasks framework. The database backend keeps
# the queue in the database every app server shares; `manage.py db_worker` runs it (make run
# starts one; in production it is its own process, docs/productie.md). Tests set the immediate
# backend (tests/conftest.py).
TASKS = {
    "default": {
        "BACKEND": os.environ.get("DJANGO_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}
# A report still "being made" after this many seconds belongs to a worker that died (a
# killed process leaves its task running for ever); it is then marked failed so it can be
# asked for again. Set above the slowest report's time.
RAPPORT_MAX_DUUR = int(os.environ.get("DJANGO_RAPPORT_MAX_DUUR", "600"))

# Reminders and calendar feeds (issue 16, programmas/herinneringen.py and agenda.py).
# Mails and feeds link to the site at this address (no request to take it from).
BATENPLAN_URL = os.environ.get("DJANGO_SITE_URL", "http://127.0.0.1:8000" if DEBUG else "")
# A meetmoment is announced this many days ahead; overdue ones always.
HERINNERING_DAGEN = int(os.environ.get("DJANGO_HERINNERING_DAGEN", "14"))
# The hour (site time) the task worker sends the day's reminders.
HERINNERING_UUR = int(os.environ.get("DJANGO_HERINNERING_UUR", "7"))
# Email (Django 6.1's MAILERS): printed to the console in development; SMTP from the
# environment otherwise.
_SMTP = "django.core.mail.backends.smtp.EmailBackend"
_MAILER = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend" if DEBUG else _SMTP
)
MAILERS = {
    "default": {
        "BACKEND": _MAILER,
        "OPTIONS": {
            "host": os.environ.get("DJANGO_EMAIL_HOST", "localhost"),
            "port": int(os.environ.get("DJANGO_EMAIL_PORT", "25")),
            "username": os.environ.get("DJANGO_EMAIL_HOST_USER", ""),
            "password": os.environ.get("DJANGO_EMAIL_HOST_PASSWORD", ""),
            "use_tls": env_flag("DJANGO_EMAIL_USE_TLS"),
            "use_ssl": env_flag("DJANGO_EMAIL_USE_SSL"),
            "timeout": int(os.environ.get("DJANGO_EMAIL_TIMEOUT", "30")),
        }
        if _MAILER == _SMTP
        else {},
    }
}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "batenplan@localhost")

ROOT_URLCONF = "batenplan.urls"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

WSGI_APPLICATION = "batenplan.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A hung database must not hold a worker: give up connecting after a few seconds and
    # cancel any statement that runs longer than a request may.
    _opties = DATABASES["default"].setdefault("OPTIONS", {})
    _opties.setdefault("connect_timeout", int(os.environ.get("DJANGO_DB_CONNECT_TIMEOUT", "5")))
    _statement_ms = int(float(os.environ.get("DJANGO_DB_STATEMENT_TIMEOUT", "30")) * 1000)
    _eerder = _opties.get("options", "")
    _opties["options"] = f"{_eerder} -c statement_timeout={_statement_ms}".strip()

# Request size: the largest honest request is an import (2 MB file plus the form around it).
# Anything larger is refused from its Content-Length before it is read (BodyLimitMiddleware);
# Django's own limits bound what is held in memory and how many fields are parsed.
MAX_REQUEST_BODY_SIZE = int(
    os.environ.get("DJANGO_MAX_REQUEST_BODY_SIZE", str(2 * 1024 * 1024 + 256 * 1024))
)
# Form fields (not files) held in memory: a plan's longest text is far below this.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "nl"
# Dutch is the product's language and the default; English beside it, per person (issue 19).
# The domain's nouns (baat, cyclus, meetmoment, ...) keep their Dutch names in both.
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "programmas" / "locale"]
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Hashed, compressed names outside development so browsers may cache assets forever.
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Tests run with DEBUG off but without collectstatic; fall back to plain names there.
WHITENOISE_MANIFEST_STRICT = False

# A strict policy: scripts only from our own origin, never inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
# Pages hand htmx the token in hx-headers; no script needs to read the cookie.
CSRF_COOKIE_HTTPONLY = True

if not DEBUG:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_flag("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = env_flag("DJANGO_HSTS_PRELOAD", default=True)
    if env_flag("DJANGO_BEHIND_PROXY"):
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    # Every login would otherwise be logged; lockouts still are (a warning).
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# The API (programmas/api.py): requests per minute per personal token, counted in Django's
# cache. The default cache is per process; behind several workers set CACHES to a shared one
# (e.g. Redis or Django's DatabaseCache) to make it one limit for all of them.
API_VERZOEKEN_PER_MINUUT = int(os.environ.get("DJANGO_API_REQUESTS_PER_MINUTE", "120"))
