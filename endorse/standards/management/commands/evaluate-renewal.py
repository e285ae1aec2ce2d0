"""``endorse evaluate-renewal PORTFOLIO.json --category IMHS --endorsed-on D [options]``.

Judges a portfolio against a category's renewal requirements for one renewal period,
with the same conventions as ``endorse evaluate``: one JSON object on stdout, exit 0
when it evaluated (ready or not), exit 2 with one line on stderr for invalid input.
Without ``--association`` the bundled baseline and the default calendar are used and no
database is needed. The period is the one current on ``--as-of`` (from the first one
due after ``--endorsed-on``), or the one due on ``--due``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import msgspec
from django.core.management.base import CommandParser

from endorse.associations.selectors import association_today
from endorse.eligibility import Options, RuleSetError, parse_portfolio
from endorse.eligibility.categories import BY_CODE
from endorse.eligibility.renewal import (
    CYCLE_YEARS,
    Period,
    RenewalPolicy,
    first_period,
    next_period,
    period_ending_on,
)
from endorse.eligibility.renewal_evaluate import evaluate_renewal
from endorse.eligibility.renewal_rules import RenewalCatalog, RenewalFacts, load_renewal_baseline
from endorse.renewals.selectors import renewal_catalog, renewal_policy
from endorse.standards.cli import (
    InvalidInput,
    JsonCommand,
    association_named,
    language,
    parse_date,
    read_input,
)
from endorse.standards.selectors import evaluation_options


class Command(JsonCommand):
    help = "Judge a portfolio against a category's renewal requirements for one period."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("portfolio", help="Portfolio JSON file, or - for standard input.")
        parser.add_argument("--category", required=True, help="Category code, e.g. IMHS.")
        parser.add_argument(
            "--endorsed-on", dest="endorsed_on", required=True, help="Endorsed on (YYYY-MM-DD)."
        )
        parser.add_argument(
            "--submitted-on",
            dest="submitted_on",
            help="Application submitted on (default: --endorsed-on); no yearly renewal is "
            "due in that calendar year.",
        )
        parser.add_argument("--as-of", dest="as_of", help="Judge on this date (YYYY-MM-DD).")
        parser.add_argument("--due", help="The due date of the period to judge (YYYY-MM-DD).")
        parser.add_argument("--model", choices=sorted(CYCLE_YEARS), help="Renewal model.")
        parser.add_argument("--association", help="Use this association's calendar and rules.")
        parser.add_argument(
            "--provides-rsc", dest="provides_rsc", action="store_true", help="Provides RS/C."
        )
        parser.add_argument("--attested", action="store_true", help="The hours are attested.")
        parser.add_argument("--audited", action="store_true", help="The renewal is audited.")
        parser.add_argument("--lang", default="en", help="Language of messages: en or es.")

    def run(self, options: dict[str, Any]) -> str:
        lang = language(options["lang"])
        category = options["category"]
        if category not in BY_CODE:
            raise InvalidInput(f"--category: unknown category {category!r}")
        endorsed_on = parse_date(options["endorsed_on"], "--endorsed-on")
        policy, catalog, settings, today = self._rules(options["association"], options["model"])
        as_of = today if options["as_of"] is None else parse_date(options["as_of"], "--as-of")
        try:
            period = self._period(policy, options, endorsed_on, as_of)
        except (OverflowError, ValueError):  # past year 9999
            raise InvalidInput("--as-of: no renewal period within the calendar") from None
        renewal_set = catalog.for_period(policy.model, category, period)
        if renewal_set is None:
            raise InvalidInput(
                f"--category: no {policy.model} renewal requirements for {category} "
                f"due {period.due}"
            )
        portfolio = parse_portfolio(read_input(options["portfolio"]))
        facts = RenewalFacts(
            period=period,
            endorsed_on=endorsed_on,
            provides_rsc=options["provides_rsc"],
            audited=options["audited"],
            hours_attested=options["attested"],
        )
        evaluation = evaluate_renewal(
            portfolio, renewal_set, facts, as_of, lang=lang, options=settings
        )
        return msgspec.json.format(msgspec.json.encode(evaluation), indent=2).decode()

    def _period(
        self, policy: RenewalPolicy, options: dict[str, Any], endorsed_on: date, as_of: date
    ) -> Period:
        if options["due"] is not None:
            return period_ending_on(policy, parse_date(options["due"], "--due"))
        submitted = options["submitted_on"]
        submitted_on = endorsed_on if submitted is None else parse_date(submitted, "--submitted-on")
        period = first_period(policy, submitted_on=submitted_on, endorsed_on=endorsed_on)
        while period.has_lapsed(as_of):
            period = next_period(policy, period)
        return period

    def _rules(
        self, slug: str | None, model: str | None
    ) -> tuple[RenewalPolicy, RenewalCatalog, Options, date]:
        if slug is None:
            policy = RenewalPolicy(model=model or "yearly")  # type: ignore[arg-type]
            return policy, load_renewal_baseline(), Options(), date.today()
        association = association_named(slug)
        policy = renewal_policy(association=association)
        if model is not None:
            policy = msgspec.structs.replace(policy, model=model)
        try:
            catalog = renewal_catalog(association=association)
        except RuleSetError as error:
            raise InvalidInput(f"--association: its renewal rules are invalid: {error}") from None
        return (
            policy,
            catalog,
            evaluation_options(association=association),
            association_today(association=association),
        )
