"""The ``endorse`` console command: ``manage.py`` under the project's name.

``endorse evaluate ...``, ``endorse migrate``, ``endorse runserver`` and every
other management command work from the virtual environment. Settings default
to development; set ``DJANGO_SETTINGS_MODULE`` for production.
"""

from __future__ import annotations

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
