"""Local development: `make run`. Never used in production."""

from config.settings.base import *

# Django's debug pages for `endorse runserver`; `make run` (`endorse serve`) turns them off
# unless ENDORSE_DEBUG=true, so the demo shows the site's own error pages, as production does.
DEBUG = env_flag("ENDORSE_DEBUG", default=True)
SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = "Endorse <noreply@localhost>"
