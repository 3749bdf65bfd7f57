"""Production settings: secure by default; refuses to start without the values it needs."""

import os

from django.core.exceptions import ImproperlyConfigured

from config.settings import *  # noqa: F403

DEBUG = False
HEARD_ALLOW_DEMO = False
WHITENOISE_USE_FINDERS = False

SECRET_KEY = os.environ.get("HEARD_SECRET_KEY", "")
if len(SECRET_KEY) < 50:
    raise ImproperlyConfigured("HEARD_SECRET_KEY must be set to a random value of at least 50 characters.")

if not os.environ.get("HEARD_ALLOWED_HOSTS"):
    raise ImproperlyConfigured("HEARD_ALLOWED_HOSTS must list the host names Heard is served on.")

if not os.environ.get("HEARD_SITE_URL", "").startswith("https://"):
    raise ImproperlyConfigured("HEARD_SITE_URL must be the https:// address people reach Heard at (used in emails).")

SECURE_SSL_REDIRECT = env_bool("HEARD_SSL_REDIRECT", True)  # noqa: F405
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = int(os.environ.get("HEARD_HSTS_SECONDS", str(60 * 60 * 24 * 365)))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MAILERS = {
    "default": {
        "BACKEND": os.environ.get("HEARD_EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend"),
        "OPTIONS": {
            "host": os.environ.get("HEARD_SMTP_HOST", "localhost"),
            "port": int(os.environ.get("HEARD_SMTP_PORT", "25")),
        },
    }
}
