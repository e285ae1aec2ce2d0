"""Settings shared by every environment. Environment-specific files import this."""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(os.environ.get("ENDORSE_VAR_DIR", BASE_DIR / "var"))

INSTALLED_APPS = [
    "endorse.accounts.admin_config.EndorseAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "rules.apps.AutodiscoverRulesConfig",
    "rest_framework",
    "drf_spectacular",
    "endorse.core",
    "endorse.accounts",
    "endorse.associations",
    "endorse.standards",
    "endorse.payments",
    "endorse.applications",
    "endorse.ratings",
    "endorse.reviews",
    "endorse.endorsements",
    "endorse.exams",
    "endorse.renewals",
    "endorse.notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "endorse.accounts.middleware.UserLanguageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

# Content-Security-Policy on every page (django-csp): only our own files run or style the
# page, so text someone typed can't run as script even if it ever escaped as markup. No
# 'unsafe-inline' and no 'unsafe-eval': the templates have no inline script, style or on*=
# handler, and htmx's eval and inline indicator style are off (its meta config in base.html).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # data: for the authenticator QR code allauth shows as an SVG data URI (an image
        # can't run script).
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "frame-ancestors": [NONE],
        # "Pay by card" posts to our own view, which redirects to Stripe Checkout; Chromium
        # checks form-action on every redirect of a form's submission, so Stripe is named.
        "form-action": [SELF, "https://checkout.stripe.com"],
    }
}

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "endorse" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "endorse.notifications.context.unread",
                "endorse.associations.context.staff",
            ],
        },
    },
]

# Django's renderer, with the select box drawn in Python (endorse/core/form_renderer.py).
FORM_RENDERER = "endorse.core.form_renderer.Renderer"


def database_from_environment(default_sqlite: Path | str) -> dict[str, object]:
    """PostgreSQL (or any backend) from ``DATABASE_URL``; otherwise SQLite in WAL mode."""
    url = os.environ.get("DATABASE_URL")
    if url:
        return dict(dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True))
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": default_sqlite,
        # A connection kept for a minute by each of the server's threads: a new one reads
        # the whole schema again at its first query, a few ms on every request.
        "CONN_MAX_AGE": 60,
        "OPTIONS": {
            # WAL lets the web process read while the worker writes; IMMEDIATE
            # avoids "database is locked" when two writers upgrade at once.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            # A writer waits up to 20 s for another's lock instead of failing at once
            # (Python's default is 5 s): a burst of autosaves or a long task must not
            # turn into "database is locked" errors.
            "timeout": 20,
        },
    }


def env_flag(name: str, default: bool) -> bool:
    """A yes/no setting from the environment: ``true`` is yes; unset or empty keeps the default."""
    value = os.environ.get(name, "").strip()
    return value.lower() == "true" if value else default


DATABASES = {"default": database_from_environment(VAR_DIR / "endorse.sqlite3")}
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

# Accounts (django-allauth): the email address is the login and must be verified.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "endorse.accounts.forms.SignupDetailsForm"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_UNIQUE_EMAIL = True
# How many proxies (load balancers) sit in front of the app: each client's address is then
# read from X-Forwarded-For that many hops back, for the API's limits and allauth's alike.
ENDORSE_NUM_PROXIES = int(os.environ.get("ENDORSE_NUM_PROXIES", "0"))
ALLAUTH_TRUSTED_PROXY_COUNT = ENDORSE_NUM_PROXIES
ACCOUNT_RATE_LIMITS = {
    # Wrong passwords and wrong codes: five lock the account (the key: the address typed,
    # or the person at the code step); an address is locked only after twenty, so the
    # mistakes of one person never lock out another who shares their address.
    "login_failed": "20/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}
# Account emails speak for the person's association; staff land on their staff page.
ACCOUNT_ADAPTER = "endorse.associations.account_adapter.EndorseAccountAdapter"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "me"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
# Authenticator secrets sealed at rest with a key derived from SECRET_KEY.
MFA_ADAPTER = "endorse.accounts.mfa.SealingMFAAdapter"

# The address the site is reached at, for links in emails sent by the worker.
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000")
ENDORSE_MAX_UPLOAD_BYTES = int(os.environ.get("ENDORSE_MAX_UPLOAD_BYTES", 10 * 1024 * 1024))
# Days after a rating request when the rater is reminded, while the link is still out.
ENDORSE_RATING_REMINDER_DAYS = (7, 14)
# Staff must turn on an authenticator app before staff pages or the admin open. Off by
# default; production turns it on. Staff who have one type its code in every session
# either way (endorse.accounts.second_factor).
ENDORSE_REQUIRE_STAFF_MFA = env_flag("ENDORSE_REQUIRE_STAFF_MFA", default=False)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "accounts.User"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("es", _("Spanish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = VAR_DIR / "media"

# Shared by every app process (rate limits must count across all of them), so not the
# per-process memory cache. The table is made by endorse.core's first migration.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "endorse_cache",
    }
}

# The public JSON API (/api/v1/): read-only, anonymous, rate-limited per client address.
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    # How many proxies (load balancers) sit in front of the app: the client's address is
    # then read from X-Forwarded-For that many hops back, so each client has its own limit.
    "NUM_PROXIES": ENDORSE_NUM_PROXIES or None,
}
# Requests per client address to the public API, e.g. "120/min" or "5000/hour".
ENDORSE_API_RATE = os.environ.get("ENDORSE_API_RATE", "120/min")

# Where the Stripe library sends its calls; unset, to Stripe (a stand-in in the tests).
ENDORSE_STRIPE_API_BASE = os.environ.get("ENDORSE_STRIPE_API_BASE") or None
SPECTACULAR_SETTINGS = {
    "TITLE": "Endorse public API",
    "DESCRIPTION": (
        "The Endorsement® Registry as JSON: people who hold an active or Emeritus "
        "Endorsement®. An Endorsement® is not a license to practice."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SCHEMA_PATH_PREFIX": "/api/v1",
}

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # fontTools tells of every font subset made for a certificate at INFO.
    "loggers": {"fontTools": {"level": "WARNING"}},
}

# Owed work after a crash, re-queued by the clock (docs/decisions/0004): an email not handed
# to the mail server this many minutes after its notification or last attempt is tried
# again, for this many days; a task RUNNING longer than any should lost its worker.
ENDORSE_EMAIL_RETRY_MINUTES = int(os.environ.get("ENDORSE_EMAIL_RETRY_MINUTES", "10"))
ENDORSE_EMAIL_RETRY_DAYS = 7
ENDORSE_TASK_ABANDONED_MINUTES = int(os.environ.get("ENDORSE_TASK_ABANDONED_MINUTES", "30"))
