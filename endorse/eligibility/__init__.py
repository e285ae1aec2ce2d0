"""The requirements engine: plain Python, no Django.

Everything that decides whether a portfolio meets a category's requirements
lives here. The CLI, the advisor, the checklist and the reviewers all call
:func:`evaluate`, or :func:`explain` for the part each entry plays.
"""

from endorse.eligibility.evaluate import Evaluation, Options, Requirement, evaluate, evaluate_all
from endorse.eligibility.explain import EntryNote, Explained, explain
from endorse.eligibility.portfolio import Portfolio, PortfolioError, parse_portfolio
from endorse.eligibility.rulesets import Catalog, RuleSet, RuleSetError, load_baseline

__all__ = [
    "Catalog",
    "EntryNote",
    "Evaluation",
    "Explained",
    "Options",
    "Portfolio",
    "PortfolioError",
    "Requirement",
    "RuleSet",
    "RuleSetError",
    "evaluate",
    "evaluate_all",
    "explain",
    "load_baseline",
    "parse_portfolio",
]
