from typing import Any

from django.core.management.base import BaseCommand

from endorse.core.i18n import compile_catalogs


class Command(BaseCommand):
    help = "Compile locale/*/LC_MESSAGES/django.po into .mo files (pure Python, no msgfmt)."

    def handle(self, *args: Any, **options: Any) -> None:
        for path in compile_catalogs():
            self.stdout.write(f"Compiled {path}")
