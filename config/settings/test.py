"""The test suite: SQLite unless DATABASE_URL points elsewhere (CI runs both)."""

import os
import tempfile
from pathlib import Path

from config.settings.base import *

DEBUG = False
SECRET_KEY = "test-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
# Files, not memory: the browser tests' live server answers requests in several threads,
# and with an in-memory database they would share one connection (and crash SQLite). The
# live server looks at NAME before the test database exists, so NAME must not say
# ":memory:" either; nothing ever opens it.
_SQLITE_FILE = Path(tempfile.gettempdir()) / f"endorse-test-{os.getpid()}"
DATABASES = {"default": database_from_environment(f"{_SQLITE_FILE}-unused.sqlite3")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": f"{_SQLITE_FILE}.sqlite3"}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "Endorse <noreply@example.org>"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# Browser tests type a real authenticator code; accept the neighbouring 30 s window too,
# so a code read at the edge of its window still signs in (allauth's default is 0).
MFA_TOTP_TOLERANCE = 1
