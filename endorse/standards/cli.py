"""What ``endorse evaluate`` and ``endorse evaluate-renewal`` share: one-line errors on
stderr with exit status 2, dates, and reading the portfolio from a file or stdin."""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from endorse.associations.models import Association
from endorse.eligibility import PortfolioError
from endorse.eligibility.messages import LANGUAGES


class InvalidInput(Exception):
    pass


class JsonCommand(BaseCommand):
    """Prints one JSON object; exit 2 with one line on stderr for invalid input."""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def one_line_error(message: str) -> NoReturn:
            self.fail(message)

        parser.error = one_line_error  # type: ignore[method-assign]
        return parser

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            output = self.run(options)
        except (InvalidInput, PortfolioError) as error:
            self.fail(str(error))
        self.stdout.write(output)

    def run(self, options: dict[str, Any]) -> str:
        raise NotImplementedError

    def fail(self, message: str) -> NoReturn:
        self.stderr.write("error: " + " ".join(message.split()))
        sys.exit(2)


def language(lang: str) -> str:
    if lang not in LANGUAGES:
        raise InvalidInput(f"--lang: unknown language {lang!r} (use en or es)")
    return lang


def association_named(slug: str) -> Association:
    try:
        association = Association.objects.filter(slug=slug).first()
    except DatabaseError:
        raise InvalidInput(
            "--association: the database is not ready (run `endorse migrate`)"
        ) from None
    if association is None:
        raise InvalidInput(f"--association: no association {slug!r}")
    return association


def parse_date(text: str, option: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"{option}: not a date {text!r} (use YYYY-MM-DD)") from None


def read_input(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise InvalidInput(f"{name}: {error.strerror}") from None
