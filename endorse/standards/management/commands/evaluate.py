"""``endorse evaluate PORTFOLIO.json --category IMHS [--as-of D] [--association ct] [--all]
[--explain]``.

Prints one JSON object. Exit 0 when it evaluated (ready or not); exit 2 with
one line on stderr for invalid input. Without ``--association`` the bundled
baseline is used and no database is needed. With ``--explain`` each requirement
also lists the entries it looked at, each with whether it counts and why.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
from django.core.management.base import CommandParser
from django.db import DatabaseError

from endorse.associations.selectors import association_today
from endorse.eligibility import (
    Catalog,
    Options,
    evaluate,
    evaluate_all,
    explain,
    load_baseline,
    parse_portfolio,
)
from endorse.eligibility.categories import BY_CODE
from endorse.standards.cli import (
    InvalidInput,
    JsonCommand,
    association_named,
    language,
    parse_date,
    read_input,
)
from endorse.standards.selectors import evaluation_options, requirement_catalog


class Command(JsonCommand):
    help = "Judge a portfolio (endorse.portfolio/1 JSON) against a category's requirements."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("portfolio", help="Portfolio JSON file, or - for standard input.")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--category", help="Category code, e.g. IMHS.")
        which.add_argument("--all", action="store_true", help="Every category, closest first.")
        parser.add_argument("--as-of", dest="as_of", help="Judge on this date (YYYY-MM-DD).")
        parser.add_argument("--association", help="Use this association's requirement sets.")
        parser.add_argument("--lang", default="en", help="Language of messages: en or es.")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="List each requirement's entries: whether each counts, and why.",
        )

    def run(self, options: dict[str, Any]) -> str:
        lang = language(options["lang"])
        category = options["category"]
        if category is not None and category not in BY_CODE:
            raise InvalidInput(f"--category: unknown category {category!r}")
        catalog, settings, today = self._rules(options["association"])
        as_of = today if options["as_of"] is None else parse_date(options["as_of"], "--as-of")
        portfolio = parse_portfolio(read_input(options["portfolio"]))
        if options["all"] and options["explain"]:
            raise InvalidInput("--explain: give one --category, not --all")
        if options["all"]:
            output = msgspec.json.encode(
                evaluate_all(portfolio, catalog, as_of, lang=lang, options=settings)
            )
        else:
            ruleset = catalog.in_force(category, as_of)
            if ruleset is None:
                raise InvalidInput(f"--as-of: no requirement set for {category} on {as_of}")
            judge = explain if options["explain"] else evaluate
            output = msgspec.json.encode(
                judge(portfolio, ruleset, as_of, lang=lang, options=settings)
            )
        return msgspec.json.format(output, indent=2).decode()

    def _rules(self, slug: str | None) -> tuple[Catalog, Options, date]:
        if slug is None:
            return load_baseline(), Options(), date.today()
        association = association_named(slug)
        try:
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
