"""``endorse evaluate PORTFOLIO.json --category IMHS [--as-of D] [--association ct] [--all]``.

Prints one JSON object. Exit 0 when it evaluated (ready or not); exit 2 with
one line on stderr for invalid input. Without ``--association`` the bundled
baseline is used and no database is needed.
"""

from __future__ import annotations

import re
import sys
from datetime import date
from pathlib import Path
from typing import Any, NoReturn

import msgspec
from django.core.management.base import BaseCommand, CommandParser
from django.db import DatabaseError

from endorse.associations.models import Association
from endorse.associations.selectors import association_today
from endorse.eligibility import (
    Catalog,
    Options,
    PortfolioError,
    evaluate,
    evaluate_all,
    load_baseline,
    parse_portfolio,
)
from endorse.eligibility.categories import BY_CODE
from endorse.eligibility.messages import LANGUAGES
from endorse.standards.selectors import evaluation_options, requirement_catalog


class InvalidInput(Exception):
    pass


class Command(BaseCommand):
    help = "Judge a portfolio (endorse.portfolio/1 JSON) against a category's requirements."

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        parser = super().create_parser(prog_name, subcommand, **kwargs)

        def one_line_error(message: str) -> NoReturn:
            self._fail(message)

        parser.error = one_line_error  # type: ignore[method-assign]
        return parser

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("portfolio", help="Portfolio JSON file, or - for standard input.")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--category", help="Category code, e.g. IMHS.")
        which.add_argument("--all", action="store_true", help="Every category, closest first.")
        parser.add_argument("--as-of", dest="as_of", help="Judge on this date (YYYY-MM-DD).")
        parser.add_argument("--association", help="Use this association's requirement sets.")
        parser.add_argument("--lang", default="en", help="Language of messages: en or es.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            output = self._evaluate(options)
        except (InvalidInput, PortfolioError) as error:
            self._fail(str(error))
        self.stdout.write(msgspec.json.format(output, indent=2).decode())

    def _evaluate(self, options: dict[str, Any]) -> bytes:
        lang = options["lang"]
        if lang not in LANGUAGES:
            raise InvalidInput(f"--lang: unknown language {lang!r} (use en or es)")
        category = options["category"]
        if category is not None and category not in BY_CODE:
            raise InvalidInput(f"--category: unknown category {category!r}")
        catalog, settings, today = self._rules(options["association"])
        as_of = today if options["as_of"] is None else _date(options["as_of"])
        portfolio = parse_portfolio(_read(options["portfolio"]))
        if options["all"]:
            return msgspec.json.encode(
                evaluate_all(portfolio, catalog, as_of, lang=lang, options=settings)
            )
        ruleset = catalog.in_force(category, as_of)
        if ruleset is None:
            raise InvalidInput(f"--as-of: no requirement set for {category} on {as_of}")
        return msgspec.json.encode(evaluate(portfolio, ruleset, as_of, lang=lang, options=settings))

    def _rules(self, slug: str | None) -> tuple[Catalog, Options, date]:
        if slug is None:
            return load_baseline(), Options(), date.today()
        try:
            association = Association.objects.filter(slug=slug).first()
            if association is None:
                raise InvalidInput(f"--association: no association {slug!r}")
            catalog = requirement_catalog(association=association)
        except DatabaseError:
            raise InvalidInput(
                "--association: the database is not ready (run `endorse migrate`)"
            ) from None
        return (
            catalog,
            evaluation_options(association=association),
            association_today(association=association),
        )

    def _fail(self, message: str) -> NoReturn:
        self.stderr.write("error: " + " ".join(message.split()))
        sys.exit(2)


def _date(text: str) -> date:
    try:
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            raise ValueError(text)
        return date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"--as-of: not a date {text!r} (use YYYY-MM-DD)") from None


def _read(name: str) -> bytes:
    if name == "-":
        return sys.stdin.buffer.read()
    try:
        return Path(name).read_bytes()
    except OSError as error:
        raise InvalidInput(f"{name}: {error.strerror}") from None
