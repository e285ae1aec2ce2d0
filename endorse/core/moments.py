"""How days and times read, on pages and in emails: one format per language, and every time
of day in the association's time zone, saying which ("Dec. 2, 2026, 6:42 a.m. ET").

Moments are stored as aware datetimes in UTC; nothing here shows one in UTC unless the
zone asked for is UTC. A time always ends with its zone's abbreviation, never with the
period of "a.m.", so a sentence that ends with one never reads "6:53 a.m..".
"""

from __future__ import annotations

import re
import zoneinfo
from datetime import date, datetime, tzinfo
from functools import lru_cache
from typing import Any

from django.utils import dateformat, formats, timezone
from django.utils.translation import get_language

# The clock as each language writes it; the day is the language's long DATE_FORMAT.
CLOCK_FORMATS = {"en": "g:i a", "es": "H:i"}
# Zones of the Americas that share a generic name across summer and winter time:
# "EST" and "EDT" both read "ET", as schedules in the United States write them.
GENERIC = re.compile(r"^(E|C|M|P|AK|H|A)[SD]T$")
GENERIC_REGIONS = ("America/", "US/", "Pacific/Honolulu", "Canada/")

Where = Any  # an Association (its ``time_zone``), a zone name, a tzinfo, or None: the current zone


def zone_of(where: Where) -> tzinfo:
    """The time zone ``where`` names; the active one (an association's page sets it) if none."""
    if where is None or where == "":
        return timezone.get_current_timezone()
    if isinstance(where, tzinfo):
        return where
    name = where if isinstance(where, str) else where.time_zone
    return zoneinfo.ZoneInfo(name)


def zone_abbreviation(local: datetime) -> str:
    """The zone's name beside a time: "ET", "MT", "PT" for zones of the United States, the
    zone's own short name elsewhere ("CET"), its offset when it has none ("UTC-05")."""
    name = local.tzname() or "UTC"
    key = str(getattr(local.tzinfo, "key", ""))
    match = GENERIC.match(name)
    if match and key.startswith(GENERIC_REGIONS):
        return match.group(1) + "T"
    if name[0] in "+-":
        return "UTC" + name
    return name


def day_text(value: date | datetime | str | None, where: Where = None) -> str:
    """A day in the language's long format: "Dec. 2, 2026", "2 de diciembre de 2026". A
    moment is first turned into the day it was in ``where``; ISO text (as notifications
    keep their days) is read as a date."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value)
    if isinstance(value, datetime):
        value = timezone.localtime(value, zone_of(where)).date()
    return _long_day(value, get_language() or "en")


@lru_cache(maxsize=8192)
def _long_day(value: date, language: str) -> str:
    """Formatting a day costs as much as a small page's query, and a long log writes
    hundreds; a day reads the same in a language every time."""
    return formats.date_format(value, "DATE_FORMAT")


def clock_text(value: datetime | None, where: Where = None) -> str:
    """The time of day in ``where``, with the zone: "6:42 a.m. ET", "18:42 ET"."""
    if value is None:
        return ""
    local = timezone.localtime(value, zone_of(where))
    language = (get_language() or "en").split("-")[0]
    clock = dateformat.format(local, CLOCK_FORMATS.get(language, CLOCK_FORMATS["en"]))
    return f"{clock} {zone_abbreviation(local)}"


def moment_text(value: datetime | None, where: Where = None) -> str:
    """Day and time in ``where``: "Dec. 2, 2026, 6:42 a.m. ET"."""
    if value is None:
        return ""
    return f"{day_text(value, where)}, {clock_text(value, where)}"
