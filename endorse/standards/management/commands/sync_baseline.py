from typing import Any

from django.core.management.base import BaseCommand

from endorse.standards.services import baseline_sync


class Command(BaseCommand):
    help = "Load the bundled categories and Alliance baseline requirement sets (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        categories, sets = baseline_sync()
        self.stdout.write(f"Baseline loaded: {categories} categories, {sets} requirement sets.")
