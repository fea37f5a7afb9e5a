"""Settings shared by every environment, driven by environment variables.

Bad values fail loudly at start-up (ImproperlyConfigured) instead of being silently ignored.
The overlays dev.py, test.py and production.py mostly set defaults for these variables.
"""

from datetime import timedelta
from pathlib import Path

import environ
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from core.cache_url import caches
from core.observability import admins, init_sentry, log_format

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    """A boolean variable; anything but a clear yes/no is an error, not False."""
    raw = env.str(name, default=str(default)).strip().lower()
    if raw in _TRUE:
        return True
    if raw in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean (use true or false).")


def env_int(name: str, default: int) -> int:
    raw = env.str(name, default=str(default)).strip()
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not a whole number.") from None


DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env.str("SECRET_KEY")  # each overlay decides whether there is a default
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])

INSTALLED_APPS = [
    "config.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "axes",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "csp",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "accounts",
    "core",
    "optimalisatie",
    "afsprakennota",
    "vergaderingen",
    "uitvoering",
]

MIDDLEWARE = [
    "core.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "core.middleware.LanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Before anything reads the body, after the person is known (the pages show the menu).
    "core.middleware.RequestLimitsMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # a form sent twice is handled once (core.once); after messages, which it uses
    "core.once.OnceMiddleware",
    # who changed a mandate or a position, in its history (accounts.models, admin and import)
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "core.middleware.AdminStyleMiddleware",  # after CSPMiddleware: it answers first
    "django_htmx.middleware.HtmxMiddleware",
    # AxesMiddleware last, as django-axes documents.
    "axes.middleware.AxesMiddleware",
]

# Requests the app will not read get a Dutch page (core.middleware.RequestLimitsMiddleware):
# an address longer than this (414), a text body larger than DATA_UPLOAD_MAX_MEMORY_SIZE (413).
MAX_URI_LENGTH = env_int("MAX_URI_LENGTH", 4096)
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 2_621_440)

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
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "core.context_processors.frame",
            ],
        },
    },
]

# --- Database ---------------------------------------------------------------------------------
# DATABASE_URL unset: a SQLite file under the project (zero-setup start).
# DATABASE_URL=postgres://user:pass@host:5432/name: PostgreSQL through psycopg 3 and its pool.
_db_url = env.str("DATABASE_URL", default="")
# Several people at once on the zero-setup default: readers never wait for a writer (WAL), a
# writer takes the write lock when its transaction starts (IMMEDIATE, so two transactions
# never deadlock upgrading a read lock) and waits up to 20 s for another.
SQLITE_OPTIONS = {
    "timeout": 20,
    "transaction_mode": "IMMEDIATE",
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
}
if _db_url:
    _db = env.db_url_config(_db_url)
    if _db["ENGINE"] not in ("django.db.backends.postgresql", "django.db.backends.sqlite3"):
        raise ImproperlyConfigured(
            f"DATABASE_URL must be a postgres:// or sqlite:// URL, not {_db_url.split(':')[0]}://."
        )
else:
    _db = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(BASE_DIR / "db.sqlite3")}

if _db["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PGBOUNCER", False):
    # Behind pgbouncer in transaction mode (docs/deployment.md): pgbouncer pools, so no pool of
    # our own; no server-side prepared statements or cursors, which outlive a transaction.
    _db["OPTIONS"] = {"prepare_threshold": None}
    _db["DISABLE_SERVER_SIDE_CURSORS"] = True
    _db["CONN_MAX_AGE"] = 0
elif _db["ENGINE"] == "django.db.backends.postgresql":
    _db["OPTIONS"] = {
        "pool": {
            "min_size": env_int("DATABASE_POOL_MIN_SIZE", 2),
            "max_size": env_int("DATABASE_POOL_MAX_SIZE", 10),
            "timeout": 10,
        }
    }
    _db["CONN_MAX_AGE"] = 0  # the pool keeps the connections
else:
    _db["OPTIONS"] = SQLITE_OPTIONS
_db["ATOMIC_REQUESTS"] = False
DATABASES = {"default": _db}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Accounts and login ------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "core:my-work"
LOGOUT_REDIRECT_URL = "login"

# Single sign-on by OpenID Connect (accounts/oidc.py, mozilla-django-oidc), for the Flemish
# government's ACM/IDM, Microsoft Entra ID or any provider with a discovery document: on when
# OIDC_ISSUER and OIDC_CLIENT_ID are set. The endpoints come from the issuer's discovery
# document (read when first needed); OIDC_ID_CLAIM names the claim that identifies a person
# for good ("sub"; Entra ID: "oid"). Nobody is created by a login: people are matched to
# existing accounts. PASSWORD_LOGIN=false switches the e-mail and password login off.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_CLIENT_SECRET", default="")
OIDC_ID_CLAIM = env.str("OIDC_ID_CLAIM", default="sub")
OIDC_PROVIDER_NAME = env.str("OIDC_PROVIDER_NAME", default="")
OIDC_RP_SCOPES = env.str("OIDC_SCOPES", default="openid email profile")
OIDC_RP_SIGN_ALGO = env.str("OIDC_SIGN_ALGO", default="RS256")
OIDC_CREATE_USER = False
OIDC_USE_NONCE = True
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env_int("OIDC_TIMEOUT_SECONDS", 10)
# Match a first login by an e-mail address the provider does not mark as verified (Entra ID
# sends no email_verified): only for a provider whose addresses the organisation hands out.
OIDC_TRUST_EMAIL = env_bool("OIDC_TRUST_EMAIL", False)
OIDC_STORE_ID_TOKEN = False
OIDC_AUTHENTICATION_CALLBACK_URL = "oidc-callback"
OIDC_ENABLED = bool(OIDC_ISSUER and OIDC_RP_CLIENT_ID)
PASSWORD_LOGIN = env_bool("PASSWORD_LOGIN", True) or not OIDC_ENABLED
# Signing after a single sign-on asks for a fresh login at the provider, at most this old.
SIGNING_FRESH_LOGIN_SECONDS = env_int("SIGNING_FRESH_LOGIN_SECONDS", 300)
if OIDC_ENABLED:
    AUTHENTICATION_BACKENDS.append("accounts.oidc.Backend")
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "accounts.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)

# Sessions end after SESSION_IDLE_MINUTES without activity, and when the browser closes.
SESSION_COOKIE_AGE = env_int("SESSION_IDLE_MINUTES", 120) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

# Throttled failed logins (django-axes): after AXES_FAILURE_LIMIT failures for one e-mail address
# from one IP address, that combination is locked out for AXES_COOLOFF_MINUTES.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "accounts.views.lockout"
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "accounts.forms.axes_username"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)
# Failed logins from one IP address across every account (credential stuffing): an office
# behind one address must stay well below it (accounts.forms.LoginForm, accounts.throttle).
LOGIN_IP_FAILURE_LIMIT = env_int("LOGIN_IP_FAILURE_LIMIT", 30)
LOGIN_IP_WINDOW = timedelta(minutes=env_int("LOGIN_IP_WINDOW_MINUTES", 15))
# Password-reset requests per e-mail address and per IP address, per hour.
PASSWORD_RESET_PER_ADDRESS = env_int("PASSWORD_RESET_PER_ADDRESS", 3)
PASSWORD_RESET_PER_IP = env_int("PASSWORD_RESET_PER_IP", 10)
PASSWORD_RESET_WINDOW = timedelta(hours=1)

# --- Language, time, formats -------------------------------------------------------------------
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Dutch")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]

# --- Static and uploaded files -----------------------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "media"))
# AWS_STORAGE_BUCKET_NAME set: uploads (attachments, evidence, the logo) live in that bucket of
# an S3-compatible object storage (django-storages), shared by every server; else on local
# disk under MEDIA_ROOT. Nothing reads a file by its local path.
STORAGE_BUCKET = env.str("AWS_STORAGE_BUCKET_NAME", default="")
if STORAGE_BUCKET:
    DEFAULT_STORAGE = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": STORAGE_BUCKET,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            # unset: boto3's own chain (environment, instance role)
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "location": env.str("AWS_LOCATION", default=""),
            "file_overwrite": False,  # a second upload of the same name gets a name of its own
            "default_acl": None,  # private: the app serves the files to who may see them
            "querystring_auth": True,
        },
    }
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# --- Cache ---------------------------------------------------------------------------------------
# CACHE_URL=redis://host:6379/0 (Redis or Valkey) shares kept figures between every process and
# server; unset, each process keeps its own. Installations sharing one Redis need their own
# CACHE_KEY_PREFIX.
CACHES = caches(
    env.str("CACHE_URL", default=""), key_prefix=env.str("CACHE_KEY_PREFIX", default="an")
)

# --- Background work (django-tasks) --------------------------------------------------------------
# A mail the server refused is tried again after this many seconds, then twice as long … (at
# most an hour apart).
MAIL_RETRY_FIRST_SECONDS = env_int("MAIL_RETRY_FIRST_SECONDS", 60)
# Exports built by the worker (core.exports) are kept this many days, then removed.
EXPORT_KEEP_DAYS = env_int("EXPORT_KEEP_DAYS", 2)
# TASKS_BACKEND=database: tasks wait in the database for `manage.py db_worker` (production's
# default); immediate: they run at once in the process that queues them (development, tests).
TASKS_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
}
_tasks_backend = env.str("TASKS_BACKEND", default="immediate")
if _tasks_backend not in TASKS_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_BACKEND={_tasks_backend!r}: use database or immediate.")
TASKS = {"default": {"BACKEND": TASKS_BACKENDS[_tasks_backend]}}

# --- E-mail ------------------------------------------------------------------------------------
# EMAIL_URL: consolemail:// (dev), memorymail:// (tests), smtp+tls://user:pass@host:587 (prod).
_email = env.email_url_config(env.str("EMAIL_URL", default="consolemail://"))
if not _email.get("EMAIL_BACKEND"):
    raise ImproperlyConfigured("EMAIL_URL has an unknown scheme.")
vars().update(_email)
# Links in e-mails point here.
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who gets the mail of a server error: ADMINS="Naam <adres>,adres" (none by default).
ADMINS = admins(env.list("ADMINS", default=[]))

# --- Error reporting: Sentry (or GlitchTip) when SENTRY_DSN is set ------------------------------
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    init_sentry(
        SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        release=env.str("SENTRY_RELEASE", default=""),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )

# --- Comments ----------------------------------------------------------------------------------
# How long the author may still change a comment; the change stays visible as "bewerkt".
COMMENT_EDIT_MINUTES = env_int("COMMENT_EDIT_MINUTES", 15)

# --- Afsprakennota ---------------------------------------------------------------------------
# Whether the BCSD consents to the decree's nota as a body, beside the college and the vast
# bureau (art. 88 §2 DLB; DOMAIN.md marks it "to confirm"). An exercise's nota: college alone.
AFSPRAKENNOTA_BCSD_APPROVES = env_bool("AFSPRAKENNOTA_BCSD_APPROVES", True)

# --- Forms -------------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- Security headers (tightened further in production.py) -------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
CSRF_COOKIE_HTTPONLY = False
CSRF_FAILURE_VIEW = "core.views.csrf_failure"
# No inline script or style anywhere: everything comes from our own static files.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "request_id": {"()": "core.logs.RequestIdFilter"},
        "quiet_client_errors": {"()": "core.logs.QuietClientErrors"},
    },
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s [%(request_id)s] %(name)s: %(message)s"},
        # one JSON object a line, for the hoster's log collector (production's default)
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(request_id)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": log_format(env.str("LOG_FORMAT", default="plain")),
            "filters": ["request_id", "quiet_client_errors"],
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    # WeasyPrint logs every layout step at INFO: one line per page of every PDF
    "loggers": {"axes": {"level": "WARNING"}, "weasyprint": {"level": "WARNING"}},
}

# The organisation's certificate that seals signed notas (PKCS#12 file and its password).
# `manage.py seal_certificate` makes a self-signed one for development at the default path.
NOTA_SEAL_PKCS12 = env.str("NOTA_SEAL_PKCS12", default=str(BASE_DIR / "var" / "zegel-dev.p12"))
NOTA_SEAL_PASSWORD = env.str("NOTA_SEAL_PASSWORD", default="ontwikkeling")
# An RFC 3161 time-stamping authority for the seal (PAdES B-T); empty: the server's clock.
NOTA_SEAL_TSA_URL = env.str("NOTA_SEAL_TSA_URL", default="")
