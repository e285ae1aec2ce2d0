"""Why a portfolio file was not imported, said plainly in the page's language. The technical
detail (the decoder's own words, a byte offset, the JSON path) goes to the log only."""

from __future__ import annotations

import logging
import re

import msgspec
from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from endorse.applications.models import Details
from endorse.applications.sections import BY_SLUG
from endorse.eligibility import PortfolioError
from endorse.eligibility.portfolio import FORMAT

logger = logging.getLogger(__name__)

_BYTE = re.compile(r"\(byte (\d+)\)")
_ENTRY = re.compile(r"^(?P<section>[a-z_]+)\[(?P<index>\d+)\]\.(?P<key>.+)$")
_TOP = re.compile(r"^(?P<part>[a-z_]+)\.(?P<key>.+)$")
# Wrong types a person can put right, each said in words; any other shape is not this format.
_KINDS = {
    "float": gettext_noop("must be a number"),
    "int": gettext_noop("must be a whole number"),
    "str": gettext_noop("must be text"),
    "bool": gettext_noop("must be true or false"),
}
# Where the parts of a portfolio outside its entries are entered in the application.
_PARTS = {"person": "details", "membership": "details", "attestations": "status"}
_FIELDS = {"expires_on": "membership_expires_on"}


def import_problem(error: PortfolioError, raw: bytes) -> str:
    """What to tell the person whose file ``raw`` was refused with ``error``."""
    logger.info("Portfolio import refused: %s", error)
    problem = _problem(error) if _declares_format(raw) else None
    if problem is None:
        line = _line(error, raw)
        if line is None:
            return _(
                "This file is not a portfolio file (endorse.portfolio/1). Choose the .json file "
                "exported from an application."
            )
        return _(
            "This file is not a portfolio file (endorse.portfolio/1): it can't be read from "
            "line %(line)d on. Choose the .json file exported from an application."
        ) % {"line": line}
    return _("The file was not imported: %(where)s: %(problem)s.") % {
        "where": _where(error.path),
        "problem": problem,
    }


def _declares_format(raw: bytes) -> bool:
    """Whether the file is a JSON object that says it is a portfolio (whatever else is wrong
    with it): else the problem is the file itself, not one of its entries."""
    try:
        document = msgspec.json.decode(raw.removeprefix(b"\xef\xbb\xbf"))
    except msgspec.DecodeError:
        return False
    return isinstance(document, dict) and document.get("format") == FORMAT


def _problem(error: PortfolioError) -> str | None:
    """The problem in words, or None when the file is not in this format at all."""
    if error.path in ("$", "format"):
        return None
    if "{expected}" in error.wording:
        kind = _KINDS.get(str(error.values.get("expected")))
        return _(kind) if kind else None
    if "`" in error.problem:  # the decoder's own words: a shape this format doesn't have
        return None
    return error.problem_in(get_language() or "en")


def _line(error: PortfolioError, raw: bytes) -> int | None:
    found = _BYTE.search(str(error.values.get("detail", "")))
    if found is None:
        return None
    offset = int(found[1]) + (3 if raw.startswith(b"\xef\xbb\xbf") else 0)
    return raw[:offset].count(b"\n") + 1


def _where(path: str) -> str:
    """``training[2].hours`` as "In-service training, entry 3, hours"."""
    entry = _ENTRY.match(path)
    if entry and entry["section"] in BY_SLUG:
        section = BY_SLUG[entry["section"]]
        number = _("entry %(number)d") % {"number": int(entry["index"]) + 1}
        return f"{section.title}, {number}, {_label(section.model, entry['key'])}"
    top = _TOP.match(path)
    if top and top["part"] in _PARTS:
        return f"{BY_SLUG[_PARTS[top['part']]].title}, {_label(Details, top['key'])}"
    if path in BY_SLUG:
        return str(BY_SLUG[path].title)
    return f"“{path}”"


def _label(model: type | None, key: str) -> str:
    try:
        field = model._meta.get_field(_FIELDS.get(key, key))  # type: ignore[union-attr]
    except (AttributeError, FieldDoesNotExist):
        return f"“{key}”"
    return str(capfirst(field.verbose_name)) if field.verbose_name else f"“{key}”"
