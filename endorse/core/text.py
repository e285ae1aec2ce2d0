"""Text folded for searching: "Peña" and "pena" are the same word to someone typing."""

from __future__ import annotations

import re
import unicodedata

_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case without accents: ``fold("Peña Núñez") == "pena nunez"``.

    Decomposing (NFKD) splits "ñ" into "n" and a combining tilde, which is dropped;
    casefold then handles cases lower() misses (such as "ß" → "ss").
    """
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return bare.casefold()


def folded_words(text: str) -> list[str]:
    """The distinct folded words of ``text``, in order: what a search matches against."""
    words: list[str] = []
    for word in _WORD.findall(fold(text)):
        if word not in words:
            words.append(word)
    return words


def without_nul(text: str) -> str:
    """``text`` without NUL characters, for a draft kept as typed: PostgreSQL can store
    none (not even in JSON), and the form that checks the draft says NUL is refused."""
    return text.replace("\x00", "")
