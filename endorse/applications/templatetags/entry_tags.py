"""An entry in one line, as the checklist, the reviewer's record and the coordinator show it.

A checklist can name every entry of a long application (70 trainings counting toward a
requirement, each with its reason), so the line is written here with ``format_html``
rather than by two nested template includes per entry, which cost a third of the page.
Everything typed is escaped by ``format_html``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from endorse.core.templatetags.endorse_tags import day, figure

register = template.Library()


def _or_dash(value: Any) -> Any:
    return value or "–"


def _until(row: Any) -> str:
    return day(row.end) or gettext("now")


def _hours(row: Any) -> str:
    return gettext("%(hours)s h") % {"hours": figure(row.hours)}


def _education(row: Any) -> SafeString:
    extra = [text for text in (row.field, row.institution) if text]
    return format_html(
        "{}{} – {}", _or_dash(row.get_level_display()),
        "".join(f", {text}" for text in extra), day(row.completed_on),
    )  # fmt: skip


def _work(row: Any) -> SafeString:
    return format_html(
        "{}{}: {} – {}, {}, {}, {}", _or_dash(row.title),
        f", {row.employer}" if row.employer else "", day(row.start), _until(row),
        gettext("%(fte)s FTE") % {"fte": figure(row.fte)}, row.get_service_display(),
        row.get_age_band_display(),
    )  # fmt: skip


def _training(row: Any) -> SafeString:
    return format_html("{}: {}, {}", _or_dash(row.title), day(row.date), _hours(row))


def _rsc(row: Any) -> SafeString:
    return format_html(
        "{}: {}, {}{}{}", day(row.date), _hours(row), row.get_format_display(),
        f", {row.provider}" if row.provider else "",
        f" ({row.provider_endorsement})" if row.provider_endorsement else "",
    )  # fmt: skip


def _leadership(row: Any) -> SafeString:
    role = f", {row.role}" if row.role else ""
    return format_html("{}{}: {} – {}", row.get_kind_display(), role, day(row.start), _until(row))


def _rsc_provided(row: Any) -> SafeString:
    return format_html("{}: {} – {}", _or_dash(row.recipients), day(row.start), _until(row))


def _reference(row: Any) -> SafeString:
    return format_html(
        "{} &lt;{}&gt;, {} – {}", row.name, row.email, row.get_role_display(),
        row.get_status_display(),
    )  # fmt: skip


SUMMARIES: dict[str, Callable[[Any], SafeString]] = {
    "education": _education,
    "work": _work,
    "training": _training,
    "rsc": _rsc,
    "leadership": _leadership,
    "rsc_provided": _rsc_provided,
    "references": _reference,
}


@register.simple_tag
def entry_summary(section: Any, row: Any) -> SafeString:
    """``{% entry_summary section row %}``: the entry in one line."""
    summary = SUMMARIES.get(section.slug)
    return summary(row) if summary else SafeString("")


def _amount(part: Any, unit: str) -> SafeString | str:
    if part.amount is None or unit == "references":
        return ""
    if unit == "hours":
        text = gettext("+%(hours)s h") % {"hours": figure(part.amount)}
    elif unit == "days":
        text = gettext("+%(days)s full-time days") % {"days": figure(part.amount)}
    elif unit == "families":
        text = gettext("+%(count)s families") % {"count": part.amount}
    else:
        return ""
    return format_html(' <strong class="amount">{}</strong>', text)


def _section_url(context: Any, section: Any) -> str:
    """The section's address, found once per page (a checklist names many entries)."""
    urls = context.render_context.setdefault("_entry_part_urls", {})
    if section.slug not in urls:
        urls[section.slug] = reverse(
            "applications:section",
            kwargs={"slug": context["association"].slug, "section": section.slug},
        )
    return str(urls[section.slug])


@register.simple_tag(takes_context=True)
def entry_part(context: Any, part: Any, unit: str, reason: bool = True) -> SafeString:
    """``{% entry_part part row.unit %}``: one entry's part in a requirement, linked to
    where the applicant edits it when the page says ``links``; a reviewer never sees who
    the raters are."""
    section, row = part.section, part.row
    if context.get("links"):
        url = _section_url(context, section)
        line = format_html('<a href="{}#{}">{}</a>', url, part.anchor, entry_summary(section, row))
    elif section.slug == "references":
        line = format_html("{} – {}", row.get_role_display(), row.get_status_display())
    else:
        line = entry_summary(section, row)
    why = format_html('<br><span class="reason">{}</span>', part.reason) if reason else ""
    return format_html(
        '<span class="entry-section">{}:</span> {}{}{}',
        section.title, line, _amount(part, unit), why,
    )  # fmt: skip
