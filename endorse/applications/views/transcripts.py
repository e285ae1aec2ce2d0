"""Transcripts: uploaded by the applicant (or, as official, by the coordinator), checked by
their content, stored under a name of ours, and given back as a download (to a reviewer,
shown in the browser's own viewer)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from endorse.applications import services
from endorse.applications.models import Application, Education, Transcript
from endorse.applications.sections import BY_SLUG
from endorse.applications.views.applicant import section_response
from endorse.applications.views.common import own_application
from endorse.associations.access import member_required, person
from endorse.associations.models import Association
from endorse.core.uploads import download_name


@dataclass(frozen=True)
class TranscriptRefusal:
    """Why an upload was refused, shown next to the file field of ``education``."""

    education: int
    errors: list[str]


def upload_transcript(
    request: HttpRequest, education: Education, upload: Any, *, official: bool
) -> TranscriptRefusal | None:
    """Add a transcript (applicant and coordinator alike): the refusal, or None and a
    message that it is added."""
    if upload is None:
        return TranscriptRefusal(education.pk, [_("Choose a file to upload.")])
    try:
        services.transcript_add(
            education=education,
            upload=upload,
            actor=person(request),
            official=official,
            max_bytes=settings.ENDORSE_MAX_UPLOAD_BYTES,
        )
    except ValidationError as error:
        return TranscriptRefusal(education.pk, list(error.messages))
    messages.success(
        request, _("Official transcript added.") if official else _("Transcript uploaded.")
    )
    return None


@require_POST
@member_required
def transcript_upload(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    application = own_application(request, association)
    entry = get_object_or_404(Education.objects.filter(application=application), pk=pk)
    refusal = upload_transcript(request, entry, request.FILES.get("transcript"), official=False)
    if refusal is not None:
        return section_response(
            request, application, BY_SLUG["education"], status=422, transcript_refusal=refusal
        )
    return _back(association, entry.pk)


@require_POST
@member_required
def transcript_delete(request: HttpRequest, association: Association, pk: int) -> HttpResponse:
    application = own_application(request, association)
    transcript = _own_transcript(application, pk)
    try:
        services.transcript_delete(application=application, transcript=transcript)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Transcript removed."))
    return _back(association, transcript.education_id)


def _back(association: Association, education_pk: int) -> HttpResponse:
    url = reverse("applications:section", kwargs={"slug": association.slug, "section": "education"})
    return redirect(f"{url}#entry-education-{education_pk}")


def _own_transcript(application: Application, pk: int) -> Transcript:
    return get_object_or_404(Transcript.objects.filter(education__application=application), pk=pk)


# What a browser may show itself rather than save: a content we checked at upload.
INLINE_TYPES = ("application/pdf", "image/jpeg", "image/png")


def transcript_response(transcript: Transcript, *, inline: bool = False) -> FileResponse:
    """A download by default: an uploaded file is never trusted as a page. Its name is the
    uploader's, with the extension of what the file really is.

    ``inline`` (a reviewer reading the portfolio) lets the browser's own viewer open a PDF
    or an image in its tab. The type was checked from the file's bytes at upload and
    ``nosniff`` holds the browser to it; a PDF alone goes without the CSP ``sandbox``,
    because Chromium's and Safari's PDF viewers refuse to run inside one (crbug 413851)."""
    shown = inline and transcript.content_type in INLINE_TYPES
    response = FileResponse(
        transcript.file.open("rb"),
        as_attachment=not shown,
        filename=download_name(transcript.original_name, transcript.content_type),
        content_type=transcript.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    sandbox = "" if shown and transcript.content_type == "application/pdf" else "; sandbox"
    response["Content-Security-Policy"] = f"default-src 'none'{sandbox}"
    return response


@member_required
def transcript_download(
    request: HttpRequest, association: Association, pk: int
) -> HttpResponseBase:
    application = own_application(request, association)
    return transcript_response(_own_transcript(application, pk))
