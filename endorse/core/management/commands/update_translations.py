from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from endorse.core.i18n import compile_catalogs, update


class Command(BaseCommand):
    help = "Extract translatable messages into locale/es/LC_MESSAGES/django.po and compile it."

    def handle(self, *args: Any, **options: Any) -> None:
        root = Path(settings.BASE_DIR)
        missing = update(root, "es")
        compile_catalogs()
        self.stdout.write(f"locale/es: {missing} messages still need a Spanish translation.")
