"""locale/es is complete: every message in the code has a Spanish translation."""

from __future__ import annotations

import gettext
import re
from pathlib import Path

from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from endorse.core.i18n import extract, po_path, untranslated

ROOT = Path(__file__).parents[2]
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)[sd]")


def spanish() -> dict[object, Message]:
    with po_path("es").open("rb") as handle:
        catalog = read_po(handle)
    return {message.id: message for message in catalog if message.id}


def test_every_message_in_the_code_is_translated_into_spanish() -> None:
    translations = spanish()
    missing = [
        message.id
        for message in extract(ROOT)
        if message.id and (message.id not in translations or untranslated(translations[message.id]))
    ]
    assert missing == [], "run `make messages` and translate these in locale/es"


def test_translations_keep_their_placeholders() -> None:
    wrong = []
    for message in spanish().values():
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        for original, translated in zip(ids, strings, strict=False):
            if sorted(PLACEHOLDER.findall(original)) != sorted(PLACEHOLDER.findall(translated)):
                wrong.append(original)
    assert wrong == []


def test_compiled_catalogue_matches_the_po_file() -> None:
    compiled = gettext.GNUTranslations(po_path("es").with_suffix(".mo").open("rb"))
    for message in spanish().values():
        if isinstance(message.id, str) and not message.context:
            assert compiled.gettext(message.id) == message.string


def test_extraction_keeps_contexts_and_plurals(tmp_path: Path) -> None:
    from endorse.core.i18n import _messages

    source = tmp_path / "sample.py"
    source.write_text(
        "pgettext('month', 'May')\nngettext_noop('{count} year', '{count} years')\n_(name)\n"
    )
    assert list(_messages(source)) == [
        (1, "May", [], "month"),
        (2, ("{count} year", "{count} years"), [], None),
    ]


def test_a_plural_with_an_empty_form_counts_as_untranslated() -> None:
    assert untranslated(Message(("%(n)s entry", "%(n)s entries"), ("", "")))
    assert untranslated(Message(("%(n)s entry", "%(n)s entries"), ("%(n)s entrada", "")))
    assert not untranslated(Message(("%(n)s entry", "%(n)s entries"), ("una", "varias")))
    assert untranslated(Message("Undo", "Deshacer", flags=["fuzzy"]))
    assert not untranslated(Message("Undo", "Deshacer"))
