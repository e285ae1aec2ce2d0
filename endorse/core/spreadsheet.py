"""CSV files that a spreadsheet opens as data, never as formulas (CSV or formula injection).

A coordinator opens the ledger in Excel or LibreOffice; a payment reference or a name typed
by someone else that starts with ``=`` would run there as a formula (``=HYPERLINK(...)``
sends the sheet's cells away). OWASP's guidance
(https://owasp.org/www-community/attacks/CSV_Injection): no cell may begin with ``=``,
``+``, ``-``, ``@``, tab (0x09), carriage return (0x0D) or line feed (0x0A); a cell that
would is prefixed with a single quote, which spreadsheets read as "this is text"; and
separators and quotes must not let the rest of a value start a new cell, so every cell is
wrapped in double quotes (``csv.QUOTE_ALL``, which also doubles the quotes inside), also
against a spreadsheet that splits on ``;``.

Two choices of ours, on top of that:

- A plain decimal number (``-2.50``, ``35``) is left as it is, even with its minus sign: a
  spreadsheet reads it as the number it is, and nothing in it can call a function. This
  keeps refunds (negative amounts the project writes from whole cents) summable, and
  costs nothing in safety whoever typed the number.
- A cell whose first character after leading whitespace is one of those is prefixed too
  (``" =1+1"``): some importers trim spaces before deciding what a cell is.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any, Protocol

TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")
_PLAIN_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


class _Writable(Protocol):
    def write(self, text: str, /) -> Any: ...


def formula_safe(value: object) -> object:
    """The value as a spreadsheet must show it: text that would start a formula gets a
    leading ``'``; numbers, dates and other text are unchanged."""
    if not isinstance(value, str) or _PLAIN_NUMBER.fullmatch(value):
        return value
    if value.startswith(TRIGGERS) or value.lstrip().startswith(TRIGGERS):
        return "'" + value
    return value


class FormulaSafeWriter:
    """``csv.writer`` for files people open in a spreadsheet: every cell quoted, and every
    cell that could start a formula neutralised (see the module's docstring)."""

    def __init__(self, stream: _Writable) -> None:
        self._writer = csv.writer(stream, quoting=csv.QUOTE_ALL)

    def writerow(self, row: Iterable[object]) -> None:
        self._writer.writerow([formula_safe(cell) for cell in row])
