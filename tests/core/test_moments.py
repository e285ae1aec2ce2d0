"""Days and times read one way per language, in the association's time zone, saying which."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import timezone, translation

from endorse.core.moments import clock_text, day_text, moment_text
from endorse.eligibility.messages import day_text as engine_day

# 15:00 UTC: 10:00 in New York in winter (EST), 11:00 in summer (EDT).
WINTER = datetime(2025, 3, 3, 15, 0, tzinfo=UTC)
SUMMER = datetime(2025, 7, 1, 15, 0, tzinfo=UTC)
CT = SimpleNamespace(time_zone="America/New_York")


def render(text: str, lang: str, **context: object) -> str:
    with translation.override(lang):
        return Template("{% load endorse_tags %}" + text).render(Context(context))


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("en", "March 3, 2025, 10:00 a.m. ET"), ("es", "3 de marzo de 2025, 10:00 ET")],
)
def test_a_moment_reads_in_the_associations_zone_and_names_it(lang: str, expected: str) -> None:
    assert render("{{ at|moment:association }}", lang, at=WINTER, association=CT) == expected


def test_summer_time_keeps_the_zones_plain_name() -> None:
    with translation.override("en"):
        assert clock_text(SUMMER, CT) == "11:00 a.m. ET"
        assert clock_text(SUMMER, "America/Denver") == "9:00 a.m. MT"
        assert clock_text(WINTER, "America/Los_Angeles") == "7:00 a.m. PT"


def test_zones_outside_the_united_states_say_their_own_name_or_offset() -> None:
    with translation.override("es"):
        assert clock_text(SUMMER, "Europe/Madrid") == "17:00 CEST"
        assert clock_text(WINTER, "America/Bogota") == "10:00 UTC-05"
        assert clock_text(WINTER, "UTC") == "15:00 UTC"


def test_without_a_zone_the_pages_own_zone_is_used() -> None:
    with translation.override("en"), timezone.override("America/Denver"):
        assert render("{{ at|clock }}", "en", at=WINTER) == "8:00 a.m. MT"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_a_time_never_ends_a_sentence_with_a_second_period(lang: str) -> None:
    """Never "Saved at 6:53 a.m..": a time ends with its zone, not with "a.m."."""
    with translation.override(lang):
        for hour in range(24):
            moment = datetime(2025, 3, 3, hour, 53, tzinfo=UTC)
            sentence = f"Saved at {clock_text(moment, CT)}."
            assert ".." not in sentence and not clock_text(moment, CT).endswith(".")


@pytest.mark.parametrize(
    ("lang", "expected"), [("en", "Dec. 2, 2026"), ("es", "2 de diciembre de 2026")]
)
def test_a_day_has_one_format_whether_a_date_or_iso_text(lang: str, expected: str) -> None:
    assert render("{{ d|day }} {{ iso|day }}", lang, d=date(2026, 12, 2), iso="2026-12-02") == (
        f"{expected} {expected}"
    )


def test_a_moment_near_midnight_is_the_associations_day() -> None:
    late = datetime(2025, 3, 4, 3, 0, tzinfo=UTC)  # 10 p.m. on March 3 in Connecticut
    with translation.override("en"):
        assert day_text(late, CT) == "March 3, 2025"
        assert day_text(late, "UTC") == "March 4, 2025"


def test_nothing_shows_as_nothing() -> None:
    assert (day_text(None), clock_text(None), moment_text(None)) == ("", "", "")
    assert render("{{ d|day|default:'now' }}", "en", d=None) == "now"


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_engine_writes_every_month_as_the_pages_do(lang: str) -> None:
    # The engine has no Django; its explanations must still read like the page around them.
    with translation.override(lang):
        for month in range(1, 13):
            day = date(2026, month, 2 if month % 2 else 28)
            assert engine_day(day, lang) == day_text(day)
