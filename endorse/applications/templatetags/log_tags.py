"""A log row drawn in Python (see ``endorse.applications.log``): a template include per row
and a widget template per box cost a second at 200 rows; this costs milliseconds.

The row's markup is built once per page as a ``format_html`` string whose placeholders are
the row's values: ``format_html`` escapes every one of them, so what a person typed is never
markup here, and the labels (our own words) are escaped when the string is built.
"""

from __future__ import annotations

import html
from decimal import Decimal
from typing import Any

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from endorse.applications.log import CHECK, CHOICE, CODE, DATE, NUMBER, TEXT, Column, Log, LogRow
from endorse.core.templatetags.endorse_tags import figure

register = template.Library()

# Fixed attributes, built through format_html (never mark_safe) like the rest of the row.
CHECKED, SELECTED = format_html(" {}", "checked"), format_html(" {}", "selected")
INVALID = format_html(' {}="{}"', "aria-invalid", "true")
FOCUS, DISABLED = format_html(" {}", "autofocus"), format_html(" {}", "disabled")
NOTHING = format_html("{}", "")


def _text(words: str) -> str:
    """Our own words placed in a ``format_html`` string: escaped, braces doubled."""
    return html.escape(words).replace("{", "{{").replace("}", "}}")


def _box(column: Column, first: bool) -> str:
    """One box's markup with placeholders (``{v_name}``, ``{i_name}`` …); the first box
    of a row just added takes the focus (``{af}``)."""
    name = column.name
    attrs = (f'id="id_{{prefix}}-{name}" name="{{prefix}}-{name}"'
             + "".join(f' {k}="{_text(v)}"' for k, v in column.attrs.items())
             + (" required" if column.required else "") + f"{{i_{name}}}"
             + ("{af}" if first else ""))  # fmt: skip
    label = f"<span>{_text(column.label)}</span>"
    if column.kind == CHECK:
        return f'<label class="ck"><input type="checkbox" {attrs}{{c_{name}}}> {label}</label>'
    if column.kind == CHOICE:
        options = "".join(  # the empty choice shows empty, not Django's "---------"
            f'<option value="{_text(key)}"{{s_{name}_{index}}}>{_text(text) if key else ""}'
            "</option>"
            for index, (key, text) in enumerate(column.choices)
        )
        return f"<label>{label}<select {attrs}>{options}</select></label>"
    kind = "date" if column.kind == DATE else "text"
    listed = ' list="endorsement-codes"' if column.kind == CODE else ""
    wide = ' class="w"' if column.kind == TEXT else ""  # a name or a title: a line of its own
    return f'<label{wide}>{label}<input type="{kind}" {attrs}{listed} value="{{v_{name}}}"></label>'


def row_format(log: Log, editable: bool) -> str:
    boxes = "".join(_box(column, index == 0) for index, column in enumerate(log.columns))
    words = {key: _text(value) for key, value in log.words.items()}
    actions = (
        f'<span class="acts"><button name="do" value="copy">{words["copy"]}</button>'
        f'<button name="do" value="delete" class="danger">{words["delete"]}</button></span>'
        if editable else ""
    )  # fmt: skip
    return (
        # novalidate: htmx would hold back a row the browser finds incomplete, and an
        # incomplete row is exactly what must be kept (as a draft, with its refusals).
        '<form class="lr" id="entry-{prefix}" action="{url}" novalidate>'
        f'<fieldset{{disabled}}><legend class="visually-hidden">{_text(log.title)} {{number}}'
        f'</legend>{boxes}<output class="st" id="st-{{prefix}}"{{invalid}}>{{status}}</output>'
        f"{actions}</fieldset></form>\n"
    )


def _number(value: Any) -> str:
    """A saved number in the page's language ("1,5"); a draft's text exactly as typed."""
    if isinstance(value, Decimal | int):
        return figure(value)
    return str(value)


def _values(row: LogRow, log: Log) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for column in log.columns:
        name, value = column.name, row.values.get(column.name, "")
        values[f"i_{name}"] = INVALID if name in row.errors else NOTHING
        if column.kind == CHECK:
            on = value is True or value in ("on", "true", "True", "1")
            values[f"c_{name}"] = CHECKED if on else NOTHING
        elif column.kind == CHOICE:
            for index, choice in enumerate(column.choices):
                values[f"s_{name}_{index}"] = SELECTED if str(value) == choice[0] else NOTHING
        else:
            values[f"v_{name}"] = _number(value) if column.kind == NUMBER else value
    return values


def status(row: LogRow, log: Log, saved_at: str = "") -> SafeString:
    """Why the row was refused, or that it is incomplete, or (just saved) when."""
    if row.errors:
        return format_html_join(
            " ", '<span class="err">{}: {}</span>',
            ((log.labels.get(name, name), message)
             for name, messages in row.errors.items() for message in messages),
        )  # fmt: skip
    if not row.entry.complete:
        words = log.words["incomplete"] if row.entry.saved_at else log.words["new"]
        return format_html('<span class="badge incomplete">{}</span>', words)
    return format_html("{}", saved_at)


@register.simple_tag(takes_context=True)
def log_row(context: Any, row: LogRow) -> SafeString:
    log: Log = context["log"]
    editable = bool(context.get("editable"))
    if "_log_row_format" not in context.render_context:
        context.render_context["_log_row_format"] = row_format(log, editable)
    focus = FOCUS if row.focus else NOTHING
    invalid = format_html(' data-invalid="{}"', " ".join(row.errors)) if row.errors else NOTHING
    return format_html(
        context.render_context["_log_row_format"],
        prefix=row.prefix, url=f"{log.base}{row.pk}/",
        number=row.number, disabled=NOTHING if editable and not row.entry.locked else DISABLED,
        invalid=invalid, status=status(row, log), af=focus, **_values(row, log),
    )  # fmt: skip


@register.simple_tag(takes_context=True)
def log_status(context: Any, row: LogRow, saved_at: str = "") -> SafeString:
    return status(row, context["log"], saved_at)
