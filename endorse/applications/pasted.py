"""Rows pasted from a spreadsheet (tab-separated) or uploaded as CSV (comma or semicolon),
read into one form per row and checked by that form, exactly as if typed.

A first row whose cells name our columns (in English or Spanish) is a header: it may
reorder the columns or leave optional ones out. Without one, the template's order holds.
"""

from __future__ import annotations

import base64
import binascii
import csv
import io
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.conf import settings
from django.utils.functional import lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from endorse.applications.columns import Column, columns_of, key
from endorse.applications.sections import Section

MAX_ROWS = 1000
MAX_BYTES = 512 * 1024
SEPARATORS = ("\t", ";", ",")


class TextRefused(Exception):
    """The whole text can't be read; the message says why and what to do."""


@dataclass
class Row:
    number: int  # as the spreadsheet counts, the header being row 1
    typed: dict[str, str]  # column name → the cell as typed
    problems: list[str] = field(default_factory=list)  # what the form can't be told
    unread: set[str] = field(default_factory=set)  # the columns of those problems
    data: dict[str, str] = field(default_factory=dict)  # what the form is given
    shown: list[str] = field(default_factory=list)  # one per column, as the page shows it
    errors: list[str] = field(default_factory=list)
    cleaned: dict[str, Any] = field(default_factory=dict)  # the form's, when it has no errors

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class Pasted:
    columns: tuple[Column, ...]  # those the text has, in its order
    rows: list[Row]
    left_out: list[str]  # header cells that name no column of ours

    @property
    def good(self) -> list[Row]:
        return [row for row in self.rows if row.ok]

    @property
    def bad(self) -> list[Row]:
        return [row for row in self.rows if not row.ok]


def _too_large_message() -> str:
    return _("This is more than %(kb)d KB. Add the rows in parts of at most %(rows)d rows.") % {
        "kb": MAX_BYTES // 1024,
        "rows": MAX_ROWS,
    }


def _too_large() -> TextRefused:
    return TextRefused(_too_large_message())


def text_limits(text: str) -> None:
    if len(text.encode("utf-8")) > MAX_BYTES:
        raise _too_large()


def decoded(content: bytes) -> str:
    """An uploaded CSV's text: UTF-8, with or without the mark Excel puts first."""
    try:
        return content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise TextRefused(
            _(
                "The file is not UTF-8 text. In your spreadsheet, save it as "
                "“CSV UTF-8” and choose it again."
            )
        ) from None


def _separator(text: str) -> str:
    """A tab when the first line has one (what copying cells gives); otherwise whichever of
    ";" and "," splits the first line into more cells (a Spanish CSV writes "1,5;2")."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    if "\t" in first:
        return "\t"
    return max(SEPARATORS[1:], key=lambda sep: len(next(csv.reader([first], delimiter=sep))))


def _table(text: str) -> list[tuple[int, list[str]]]:
    """The non-empty rows, each with its number, cells stripped."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=_separator(text))
    try:
        rows = [(n, [cell.strip() for cell in cells]) for n, cells in enumerate(reader, 1)]
    except csv.Error as error:
        raise TextRefused(_("The rows could not be read: %(error)s") % {"error": error}) from None
    return [(n, cells) for n, cells in rows if any(cells)]


def _header(cells: list[str], columns: tuple[Column, ...]) -> list[Column | None] | None:
    """The column each header cell names, or ``None`` when the row is not a header: at least
    half of its cells must name a column (a job titled "Internship" is still a row)."""
    named = [next((c for c in columns if key(cell) in c.labels), None) for cell in cells]
    found, filled = sum(c is not None for c in named), sum(bool(cell) for cell in cells)
    return named if found and 2 * found >= filled else None


def _check_header(named: list[Column | None], columns: tuple[Column, ...]) -> None:
    present = [c for c in named if c is not None]
    for column in present:
        if present.count(column) > 1:
            raise TextRefused(
                _("The header names the column “%(column)s” twice.") % {"column": column.label}
            )
    missing = [c.label for c in columns if c.required and c not in present]
    if missing:
        raise TextRefused(
            _("The header has no column for %(columns)s, which every row needs.")
            % {"columns": ", ".join(f"“{label}”" for label in missing)}
        )


def _row(
    number: int, cells: list[str], order: list[Column | None], columns: tuple[Column, ...]
) -> Row:
    """One row's cells by column; a column the header leaves out reads as an empty cell (a
    yes/no one as the form's default, as an untouched box)."""
    typed = {c.name: cell for c, cell in zip(order, cells, strict=False) if c is not None}
    row = Row(number, typed)
    extra = [cell for cell in cells[len(order) :] if cell]
    if extra:
        row.problems.append(
            _("This row has more cells than there are columns (%(count)d).") % {"count": len(order)}
        )
    for column in columns:
        try:
            value = column.form_value(typed.get(column.name, ""))
        except ValueError:
            problem = _("Write yes or no.")
            row.problems.append(f"{column.label}: {problem}")
            row.unread.add(column.name)
            continue
        if value is not None:
            row.data[column.name] = value
    return row


def pasted_rows(section: Section, text: str, terms: Mapping[str, Any] | None = None) -> Pasted:
    """Read ``text`` into rows for ``section`` (unchecked); ``TextRefused`` says why not.
    ``terms``: the work form's category and rules, whose words the headers may use."""
    text_limits(text)
    columns = columns_of(section, terms)
    table = _table(text)
    if not table:
        raise TextRefused(_("There are no rows to add."))
    order: list[Column | None] = list(columns)
    left_out: list[str] = []
    named = _header(table[0][1], columns)
    if named is not None:
        _check_header(named, columns)
        left_out = [cell for cell, c in zip(table[0][1], named, strict=True) if c is None and cell]
        order, table = named, table[1:]
    if len(table) > MAX_ROWS:
        raise TextRefused(
            _("At most %(max)d rows can be added at once; this has %(count)d. Add them in parts.")
            % {"max": MAX_ROWS, "count": len(table)}
        )
    if not table:
        raise TextRefused(_("There are no rows to add, only the header."))
    shown = tuple(c for c in order if c is not None)
    return Pasted(shown, [_row(n, cells, order, columns) for n, cells in table], left_out)


def checked(section: Section, pasted: Pasted, terms: Mapping[str, Any] | None = None) -> Pasted:
    """Each row bound to the section's form: its errors are the form's, as when typing."""
    labels = {column.name: column.label for column in columns_of(section, terms)}
    for row in pasted.rows:
        form = section.form_for(data=row.data, **(terms or {}))
        if form.is_valid():
            row.cleaned = form.cleaned_data
        row.errors = row.problems + _form_errors(form, labels)
        row.shown = [_shown(column, form, row) for column in pasted.columns]
    return pasted


def _form_errors(form: Any, labels: dict[str, str]) -> list[str]:
    return [
        f"{labels[name]}: {message}" if name in labels else message
        for name, messages in form.errors.items()
        for message in messages
    ]


def _shown(column: Column, form: Any, row: Row) -> str:
    if column.name in form.cleaned_data and column.name not in row.unread:
        return column.shown(form.cleaned_data[column.name])
    return row.typed.get(column.name, "")


def summary(pasted: Pasted) -> str:
    """What the preview says of its rows: "48 rows can be added, 2 have errors."."""
    good, bad = len(pasted.good), len(pasted.bad)
    if not bad:
        return ngettext("The row can be added.", "All %(count)d rows can be added.", good) % {
            "count": good
        }
    if not good:
        return ngettext(
            "The row has errors: nothing can be added yet.",
            "All %(count)d rows have errors: nothing can be added yet.",
            bad,
        ) % {"count": bad}
    return _("%(good)s, %(bad)s.") % {
        "good": ngettext("%(count)d row can be added", "%(count)d rows can be added", good)
        % {"count": good},
        "bad": ngettext("%(count)d has errors", "%(count)d have errors", bad) % {"count": bad},
    }


class PasteForm(forms.Form):
    """Rows pasted, or a CSV file: its text is ``cleaned_data["text"]`` either way."""

    text = forms.CharField(
        label=gettext_lazy("Paste rows from a spreadsheet"),
        help_text=gettext_lazy(
            "Select the cells in your spreadsheet, copy them and paste them here."
        ),
        required=False,
        strip=False,
        max_length=MAX_BYTES,  # characters; the bytes are counted in clean()
        error_messages={"max_length": lazy(_too_large_message, str)()},
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false", "wrap": "off"}),
    )
    file = forms.FileField(
        label=gettext_lazy("Or upload a CSV file"),
        help_text=gettext_lazy("Separated by commas or semicolons, saved as UTF-8."),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A browser cuts a paste at "maxlength" without a word: the server says it instead.
        self.fields["text"].widget.attrs.pop("maxlength", None)

    def clean(self) -> dict[str, Any]:
        if self.errors:  # a paste too long, or with a NUL: said at the field
            return self.cleaned_data
        text, upload = self.cleaned_data.get("text") or "", self.cleaned_data.get("file")
        if upload is not None and text.strip():
            raise forms.ValidationError(_("Paste rows or choose a file, not both."))
        if upload is None and not text.strip():
            raise forms.ValidationError(_("Paste rows or choose a CSV file."))
        try:
            self.cleaned_data["text"] = _uploaded(upload) if upload is not None else text
            text_limits(self.cleaned_data["text"])
        except TextRefused as refusal:
            self.add_error("file" if upload is not None else "text", str(refusal))
        return self.cleaned_data


def _uploaded(upload: Any) -> str:
    if upload.size > MAX_BYTES:
        raise _too_large()
    return decoded(upload.read())


class AddRowsForm(forms.Form):
    """The preview's rows, carried back for "Add": the text as it was read (base64, so that
    no character changes on the way through the page), the one-time nonce and the language
    the rows were read in."""

    content = forms.CharField(widget=forms.HiddenInput, strip=False, max_length=MAX_BYTES * 2)
    nonce = forms.CharField(widget=forms.HiddenInput, max_length=64)
    lang = forms.ChoiceField(choices=settings.LANGUAGES, widget=forms.HiddenInput)

    @staticmethod
    def carried(text: str) -> str:
        return base64.b64encode(text.encode("utf-8")).decode("ascii")

    def clean_content(self) -> str:
        try:
            return base64.b64decode(self.cleaned_data["content"], validate=True).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            raise forms.ValidationError("Not the rows of a preview.") from None
