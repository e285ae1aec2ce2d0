"""Translation catalogues without GNU gettext: extract, update and compile with Babel.

A fresh machine has Python and make but maybe not ``msgfmt``/``xgettext``,
so the project compiles ``locale/*/LC_MESSAGES/django.po`` itself (the
``.mo`` files are build output, not committed), and extracts messages from
Python code and Django templates the way ``makemessages`` would.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract as extract_messages
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.conf import settings
from django.utils.translation.template import templatize

KEYWORDS: dict[str, Any] = {
    "_": None,
    "gettext": None,
    "gettext_lazy": None,
    "gettext_noop": None,
    "ngettext_noop": (1, 2),
    "ngettext": (1, 2),
    "ngettext_lazy": (1, 2),
    "pgettext": ((1, "c"), 2),
    "pgettext_lazy": ((1, "c"), 2),
    "npgettext": ((1, "c"), 2, 3),
    "npgettext_lazy": ((1, "c"), 2, 3),
}
SKIP_PARTS = {"migrations", "tests", ".venv", "node_modules", "__pycache__"}


def locale_dir() -> Path:
    return Path(settings.LOCALE_PATHS[0])


def po_path(lang: str) -> Path:
    return locale_dir() / lang / "LC_MESSAGES" / "django.po"


def compile_catalogs() -> list[Path]:
    """Write ``django.mo`` next to every ``django.po``; return the files written."""
    written = []
    for po_file in sorted(locale_dir().glob("*/LC_MESSAGES/django.po")):
        with po_file.open("rb") as handle:
            catalog = read_po(handle)
        mo_file = po_file.with_suffix(".mo")
        # Write aside then rename: parallel test workers may compile at once.
        partial = mo_file.with_suffix(f".mo.{os.getpid()}")
        with partial.open("wb") as handle:
            write_mo(handle, catalog)
        os.replace(partial, mo_file)
        written.append(mo_file)
    return written


def source_files(root: Path) -> Iterator[Path]:
    for pattern in ("*.py", "*.html", "*.txt"):
        for path in sorted((root / "endorse").rglob(pattern)):
            if not SKIP_PARTS.intersection(path.parts):
                yield path
    yield from sorted((root / "config").rglob("*.py"))


def extract(root: Path) -> Catalog:
    """Every translatable message in the project's code and templates."""
    catalog = Catalog(project="endorse", fuzzy=False)
    for path in source_files(root):
        relative = path.relative_to(root)
        for lineno, message, comments, context in _messages(path):
            catalog.add(message, locations=[(str(relative), lineno)], context=context,
                        auto_comments=comments)  # fmt: skip
    return catalog


def _messages(path: Path) -> Iterator[tuple[int, Any, list[str], str | None]]:
    """``(line, message or (singular, plural), comments, context)`` for one file.

    Babel's ``extract`` applies each keyword's argument spec, so ``pgettext``
    yields a context and ``ngettext`` a singular/plural pair, and it drops
    calls whose message isn't a literal.
    """
    text = path.read_text("utf-8")
    if path.suffix != ".py":
        # Babel reads the result as Python; template indentation would look like bad
        # Python indentation, so it goes (line numbers stay the same).
        text = "\n".join(line.lstrip() for line in templatize(text, origin=str(path)).splitlines())
    found: Iterator[Any] = extract_messages(
        "python", io.BytesIO(text.encode("utf-8")), keywords=KEYWORDS,
        options={"encoding": "utf-8"},
    )  # fmt: skip
    for lineno, message, comments, context in found:
        yield lineno, message, list(comments), context


def update(root: Path, lang: str) -> int:
    """Merge newly extracted messages into ``lang``'s catalogue.

    Returns how many messages still lack a translation.
    """
    template = extract(root)
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang)
    else:
        catalog = Catalog(locale=lang, project="endorse", fuzzy=False)
    # update() copies the template's creation date: keep ours so an unchanged
    # catalogue stays byte-for-byte unchanged.
    template.creation_date = catalog.creation_date
    catalog.update(template, no_fuzzy_matching=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog, width=100, omit_header=False, ignore_obsolete=True)
    return sum(1 for message in catalog if message.id and untranslated(message))


def untranslated(message: Message) -> bool:
    """No translation yet: an empty string, or (for a plural) any empty form, or fuzzy.
    A plural's translation is a tuple, and ``("", "")`` is truthy."""
    strings = message.string if isinstance(message.string, tuple) else (message.string,)
    return not all(strings) or message.fuzzy
