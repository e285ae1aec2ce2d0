"""Uploaded files are judged by their content, never by their name or declared type, and
stored under a random name whose extension comes from that content: a file called
``evil.html`` that is a PDF is kept as ``….pdf``, and the name a person gave it is only text
to show. Whatever serves the storage (a view, or a web server in front of it) never sees
an extension the uploader chose."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from pathlib import PurePath
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import FieldFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _


@dataclass(frozen=True)
class Kind:
    content_type: str
    extension: str


# The first bytes of each accepted format, the type we serve it back as, its extension.
SIGNATURES: tuple[tuple[bytes, Kind], ...] = (
    (b"%PDF-", Kind("application/pdf", "pdf")),
    (b"\x89PNG\r\n\x1a\n", Kind("image/png", "png")),
    (b"\xff\xd8\xff", Kind("image/jpeg", "jpg")),
)
EXTENSIONS = {kind.content_type: kind.extension for _magic, kind in SIGNATURES}


def sniff(head: bytes) -> str | None:
    """The content type the first bytes show, if it is one we accept."""
    return next((kind.content_type for magic, kind in SIGNATURES if head.startswith(magic)), None)


def sniff_file(upload: Any) -> str | None:
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    return sniff(head)


def random_name(content_type: str) -> str:
    """``<random>.<extension of the content>``: nothing the uploader typed."""
    return f"{secrets.token_hex(16)}.{EXTENSIONS.get(content_type, 'bin')}"


def stored_name(folder: str, content_type: str) -> str:
    return f"{folder}/{random_name(content_type)}"


def download_name(original: str, content_type: str) -> str:
    """The name a person gave the file, with the extension of what it really is
    ("evil.html" holding a PDF downloads as "evil.pdf")."""
    stem = PurePath(original).stem or "file"
    return f"{stem}.{EXTENSIONS.get(content_type, 'bin')}"


def checked_upload(upload: Any, *, max_bytes: int) -> str:
    """The content type of an acceptable upload; otherwise a ValidationError saying why."""
    if upload.size == 0:
        raise ValidationError(_("The file is empty."), code="empty")
    if upload.size > max_bytes:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(upload.size), "limit": filesizeformat(max_bytes)},
            code="too_big",
        )
    kind = sniff_file(upload)
    if kind is None:
        raise ValidationError(
            _(
                "Only PDF, JPEG or PNG files can be uploaded; this file is none of them, "
                "whatever its name says. Nothing was stored."
            ),
            code="type",
        )
    return kind


class ContentNamedFieldFile(FieldFile):
    def save(self, name: str, content: Any, save: bool = True) -> None:
        # The only moment both the file and its new name are at hand: the name it came
        # with is dropped here, before upload_to sees it.
        super().save(random_name(sniff_file(content) or ""), content, save)


class ContentNamedFileField(models.FileField):
    """A file field that stores each file as ``<upload_to>/<random>.<extension of its
    content>``, for files with no content-type column of their own (a logo). Check the
    content before (a validator): a kind this module doesn't know is stored as ``.bin``."""

    attr_class = ContentNamedFieldFile
