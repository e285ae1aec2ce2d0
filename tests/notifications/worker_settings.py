"""Settings of the real workers the fault-injection test starts and kills: the test's own
database (a file or a PostgreSQL database the test process created), the database task
queue, and SMTP to the loopback server the test runs."""

import json
import os

from config.settings.test import *  # noqa: F403 - the test settings, three changed

DATABASES = {"default": json.loads(os.environ["ENDORSE_FAULT_DATABASE"])}
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["ENDORSE_FAULT_SMTP_PORT"])
EMAIL_USE_TLS = False
EMAIL_TIMEOUT = 10
