"""Settings for Heard.

Every value that differs between machines is read from the environment here, once.
SQLite is the default database so that a newcomer gets a working demo with one command;
set DATABASE_URL (postgres://...) to run on PostgreSQL, as production does.
"""

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("HEARD_VAR_DIR", BASE_DIR / "var"))


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("HEARD_DEBUG", True)
# The demo command sets known passwords: never in production.
HEARD_ALLOW_DEMO = True
# Development only: the production settings refuse to start without a real key.
SECRET_KEY = os.environ.get("HEARD_SECRET_KEY", "insecure-development-key-never-use-in-production")
ALLOWED_HOSTS = [h for h in os.environ.get("HEARD_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "ninja",
    "django_tasks_db",
    "core",
    "accounts",
    "organisations",
    "feedback",
    "themes",
    "governance",
    "priorities",
    "audits",
    "evidence",
    "reports",
]

MIDDLEWARE = [
    # First, to see every answer last: a server error is in the shape of its path, with the security headers.
    "config.errors.ServerErrorMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.csp",
                "config.context_processors.design_system",
            ],
        },
    },
    {
        # Django's own templates (for example the CSRF failure page) still use the DTL.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'heard.sqlite3'}"),
        conn_max_age=int(os.environ.get("HEARD_DB_CONN_MAX_AGE", "0")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES["default"].setdefault("OPTIONS", {})
    # The web server and the background worker share one file: a writer waits up to 20 s for the
    # other to finish (SQLite's default is 5 s) rather than failing with "database is locked".
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "timeout": 20,
        }
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:sign-in"
LOGIN_REDIRECT_URL = "organisations:home"
LOGOUT_REDIRECT_URL = "accounts:sign-in"

PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

# Files Heard writes (trained models). Never served as they are: only Heard reads them.
MEDIA_ROOT = Path(os.environ.get("HEARD_FILES_DIR", VAR_DIR / "files"))
MEDIA_URL = "/files/"
# Fitted models Heard builds from the data it ships (the urgent detector's), kept between runs.
HEARD_MODELS_DIR = Path(os.environ.get("HEARD_MODELS_DIR", VAR_DIR / "models"))
# A directory of regulators' taxonomy files read beside the shipped ones (ADR 0027); none if not set.
HEARD_TAXONOMY_DIR = Path(os.environ["HEARD_TAXONOMY_DIR"]) if os.environ.get("HEARD_TAXONOMY_DIR") else None

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("HEARD_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
# Outside production, static files are served straight from the source folders, with or without
# DEBUG (the demo runs without it); production serves the collected, hashed files.
WHITENOISE_USE_FINDERS = True

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 12
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
CSRF_FAILURE_VIEW = "organisations.views.csrf_failure"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# Content Security Policy: everything is served from our own origin; no CDN anywhere.
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
}

MAILERS = {
    "default": {"BACKEND": os.environ.get("HEARD_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")}
}
# The address people reach Heard at, for links in emails.
HEARD_SITE_URL = os.environ.get("HEARD_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Background work (model training, daily reminders) runs through Django's task framework. Tasks
# are stored in the database and run by `heard db_worker`; tests run them in the request.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("HEARD_TASKS_BACKEND", "django_tasks_db.DatabaseBackend"),
    }
}

# The governance loop (see governance/loop_states.py). A theme raised this many days ago with no decision,
# or an action overdue this many days with no leader's challenge, shows as a stalled loop. Loops count
# feedback from the last HEARD_LOOP_WINDOW_DAYS with at least HEARD_LOOP_MIN_MENTIONS pieces.
HEARD_LOOP_NO_DECISION_DAYS = int(os.environ.get("HEARD_LOOP_NO_DECISION_DAYS", "42"))
HEARD_LOOP_OVERDUE_UNCHALLENGED_DAYS = int(os.environ.get("HEARD_LOOP_OVERDUE_UNCHALLENGED_DAYS", "14"))
HEARD_LOOP_WINDOW_DAYS = int(os.environ.get("HEARD_LOOP_WINDOW_DAYS", "365"))
HEARD_LOOP_MIN_MENTIONS = int(os.environ.get("HEARD_LOOP_MIN_MENTIONS", "3"))
# Stalled loops are ordered by how often the theme was raised in this many days, most first.
HEARD_LOOP_RECENT_DAYS = int(os.environ.get("HEARD_LOOP_RECENT_DAYS", "90"))
# A loop decided this many times in the window with nothing done, and raised more often lately, is stalled.
HEARD_LOOP_REPEAT_DECISIONS = int(os.environ.get("HEARD_LOOP_REPEAT_DECISIONS", "3"))
# The agenda pack calls a theme rising when it grew by at least this many pieces of feedback (and by half).
HEARD_PACK_RISING_BY = int(os.environ.get("HEARD_PACK_RISING_BY", "3"))
# Reminders include actions due within this many days.
HEARD_REMINDER_DUE_SOON_DAYS = int(os.environ.get("HEARD_REMINDER_DUE_SOON_DAYS", "7"))

# Imports of up to this many distinct comments are checked for urgent concerns by rules and model
# while the file is saved; larger ones by the rules, then the model in a background task (ADR 0006).
HEARD_IMPORT_MODEL_LIMIT = int(os.environ.get("HEARD_IMPORT_MODEL_LIMIT", "20000"))

# An urgent flag nobody has recorded anything on for this long is in the daily reminder of everyone
# who may act on it, not only of the safeguarding lead (themes/reminders.py).
HEARD_URGENT_ESCALATE_HOURS = int(os.environ.get("HEARD_URGENT_ESCALATE_HOURS", "24"))

# The cache holds the public forms' rate limit, import progress and the guard that stops one file
# being imported twice at once. Each process has its own unless HEARD_CACHE_URL names a shared one
# (redis://host:6379/0); a deployment with more than one web process needs it (ADR 0005). "local"
# says on purpose that one process is enough, which quiets the deploy check.
HEARD_CACHE_URL = os.environ.get("HEARD_CACHE_URL", "").strip()
if HEARD_CACHE_URL and HEARD_CACHE_URL != "local":
    if not HEARD_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
        from django.core.exceptions import ImproperlyConfigured

        raise ImproperlyConfigured(
            'HEARD_CACHE_URL must be a redis://, rediss:// or unix:// address, or "local" for one process.'
        )
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": HEARD_CACHE_URL,
            "KEY_PREFIX": "heard",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

DEFAULT_FROM_EMAIL = os.environ.get("HEARD_FROM_EMAIL", "heard@localhost")

NINJA_PAGINATION_PER_PAGE = 50

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # An exception's message can quote what was sent or stored: logs keep where it failed instead.
    "formatters": {"without_exception_messages": {"()": "core.server_errors.WithoutExceptionMessages"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "without_exception_messages"}},
    "root": {"handlers": ["console"], "level": os.environ.get("HEARD_LOG_LEVEL", "INFO")},
}
