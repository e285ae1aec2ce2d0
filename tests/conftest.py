from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest


@pytest.fixture(scope="session", autouse=True)
def _compiled_translations() -> None:
    """Spanish output needs the .mo files, which are build output (not in git)."""
    from endorse.core.i18n import compile_catalogs

    compile_catalogs()


@pytest.fixture(autouse=True)
def _english_by_default() -> Iterator[None]:
    """Each test starts in English: a request in Spanish earlier in the same worker thread
    leaves its language active (Django doesn't reset it after a response)."""
    from django.utils import translation

    with translation.override("en"):
        yield None


@pytest.fixture
def report_figure(record_property: Any) -> Any:
    """A figure a test measured (counts covered, kills, emails), printed at the end of the
    run under "figures", also when the tests ran in several workers (xdist)."""

    def report(text: str) -> None:
        record_property("figure", text.strip())

    return report


def pytest_terminal_summary(terminalreporter: Any) -> None:
    reports = [r for key in ("passed", "failed") for r in terminalreporter.stats.get(key, [])]
    figures = [
        f"{report.nodeid}: {value}"
        for report in reports
        for name, value in getattr(report, "user_properties", [])
        if name == "figure"
    ]
    if figures:
        terminalreporter.section("figures")
        for line in sorted(figures):
            terminalreporter.write_line(line)
