"""Django's form renderer, with the select box drawn in Python.

Django draws a select through one template for the box and an included template per
option: on the registry's search form (35 associations, 19 categories) that is most of the
page's time, and the registry is half of what the public asks for. ``Renderer`` draws the
same markup, character for character, with ``format_html`` (which escapes every value and
label, as the templates do); every other widget, and a select whose templates a widget
changed, goes through the templates. tests/core/test_form_renderer.py compares the two.
"""

from __future__ import annotations

from typing import Any

from django.forms.renderers import DjangoTemplates
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

SELECT = "django/forms/widgets/select.html"
OPTION = "django/forms/widgets/select_option.html"


class Renderer(DjangoTemplates):
    def render(self, template_name: str, context: dict[str, Any], request: Any = None) -> str:
        widget = context.get("widget")
        if template_name == SELECT and widget is not None and _plain_options(widget):
            return select_html(widget)
        return str(super().render(template_name, context, request))


def _plain_options(widget: dict[str, Any]) -> bool:
    return all(
        option["template_name"] == OPTION
        for _name, options, _index in widget["optgroups"]
        for option in options
    )


def _attrs(attrs: dict[str, Any]) -> SafeString:
    """As ``django/forms/widgets/attrs.html``: False leaves the attribute out, True writes
    its name alone."""
    return format_html_join(
        "",
        " {}{}",
        (
            (name, format_html('="{}"', str(value)) if value is not True else "")
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _option(option: dict[str, Any]) -> SafeString:
    return format_html(
        '\n  <option value="{}"{}>{}</option>\n',  # the option's template ends with a line
        str(option["value"]),
        _attrs(option["attrs"]),
        option["label"],
    )


def _group(name: Any, options: list[dict[str, Any]]) -> SafeString:
    body = format_html_join("", "{}", ((_option(option),) for option in options))
    if not name:
        return body
    return format_html('\n  <optgroup label="{}">{}\n  </optgroup>', name, body)


def select_html(widget: dict[str, Any]) -> SafeString:
    groups = format_html_join(
        "", "{}", ((_group(name, options),) for name, options, _index in widget["optgroups"])
    )
    return format_html(
        '<select name="{}"{}>{}\n</select>', widget["name"], _attrs(widget["attrs"]), groups
    )
