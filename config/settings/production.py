"""Production: every secret comes from the environment, HTTPS only, static files by WhiteNoise.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL (PostgreSQL), EMAIL_URL (smtp...).
Passes `manage.py check --deploy` with no warnings.
"""

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import DATABASES, env, env_bool, env_int, log_format

if DEBUG:  # noqa: F405
    raise ImproperlyConfigured("DEBUG must be false in production.")
if not ALLOWED_HOSTS:  # noqa: F405
    raise ImproperlyConfigured("ALLOWED_HOSTS must name the host(s) the app is served on.")
if DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("Production runs on PostgreSQL: set DATABASE_URL=postgres://...")

if not env.str("EMAIL_URL", default="").startswith("smtp"):
    raise ImproperlyConfigured("Production sends mail over SMTP: set EMAIL_URL=smtp+tls://...")

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
# The load balancer asks for the health endpoints over plain HTTP inside the network.
SECURE_REDIRECT_EXEMPT = [r"^gezondheid/"]
if env_bool("BEHIND_TLS_PROXY", True):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

# Mail and other slow work wait in the database for the worker (`manage.py db_worker`).
TASKS = {
    "default": {"BACKEND": TASKS_BACKENDS[env.str("TASKS_BACKEND", default="database")]}  # noqa: F405
}

# One JSON object a log line, with the request id, unless LOG_FORMAT=plain.
LOGGING["handlers"]["console"]["formatter"] = log_format(  # noqa: F405
    env.str("LOG_FORMAT", default="json")
)

# WhiteNoise serves the collected static files, right after SecurityMiddleware.
MIDDLEWARE = [*MIDDLEWARE]  # noqa: F405
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)

STORAGES = {
    "default": DEFAULT_STORAGE,  # noqa: F405 (local disk, or S3 with AWS_STORAGE_BUCKET_NAME)
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# No development default: the organisation's own certificate seals signed notas.
NOTA_SEAL_PKCS12 = env.str("NOTA_SEAL_PKCS12", default="")
NOTA_SEAL_PASSWORD = env.str("NOTA_SEAL_PASSWORD", default="")
