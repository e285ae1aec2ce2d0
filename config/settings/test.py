"""The test suite: SQLite unless DATABASE_URL points elsewhere (CI runs both)."""

import os
import tempfile
from pathlib import Path

from config.settings.base import *

DEBUG = False
SECRET_KEY = "test-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
DATABASES = {"default": database_from_environment(":memory:")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # A file, not memory: the browser tests' live server answers requests in several
    # threads, and an in-memory test database would make them share one connection.
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"endorse-test-{os.getpid()}.sqlite3")
    }
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
DEFAULT_FROM_EMAIL = "Endorse <noreply@example.org>"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
