"""Cells a spreadsheet would read as a formula get a leading quote; nothing else changes."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest

from endorse.core.spreadsheet import FormulaSafeWriter, formula_safe


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ('=HYPERLINK("http://x","y")', '\'=HYPERLINK("http://x","y")'),
        ("+1+1", "'+1+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("\n=1", "'\n=1"),
        ("  =1+1", "'  =1+1"),  # some importers trim the spaces first
        ("-", "'-"),
        ("--1", "'--1"),
        ("-1e3", "'-1e3"),
        ("-12.50", "-12.50"),  # a plain number, minus and all: a number in the sheet
        ("35", "35"),
        ("0.05", "0.05"),
        ("Ana Díaz", "Ana Díaz"),
        ("A-1 = B", "A-1 = B"),  # only the start counts
        ("", ""),
        ("'=1", "'=1"),  # already text
        (-250, -250),  # not text: written as the number it is
        (date(2025, 3, 1), date(2025, 3, 1)),
        (None, None),
    ],
)
def test_formula_safe(value: object, written: object) -> None:
    assert formula_safe(value) == written


def test_the_writer_quotes_every_cell_and_neutralises_formulas() -> None:
    out = io.StringIO()
    writer = FormulaSafeWriter(out)
    writer.writerow(["Name", "Amount"])
    writer.writerow(['=1+2";=1+2', -1250])
    writer.writerow(["=1+2'\" ;,=1+2", "-12.50"])

    # OWASP's two examples, cell for cell (https://owasp.org/www-community/attacks/CSV_Injection).
    assert out.getvalue().split("\r\n") == [
        '"Name","Amount"',
        '"\'=1+2"";=1+2","-1250"',
        '"\'=1+2\'"" ;,=1+2","-12.50"',
        "",
    ]
    assert list(csv.reader(io.StringIO(out.getvalue()))) == [
        ["Name", "Amount"],
        ["'=1+2\";=1+2", "-1250"],
        ["'=1+2'\" ;,=1+2", "-12.50"],
    ]
