"""A logo is stored as logos/<random>.png or .jpg by what the image is, never by its name."""

from __future__ import annotations

import io
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from PIL import Image

from endorse.associations.models import Association
from tests.applications.conftest import World


def image(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 2), (200, 30, 30)).save(buffer, format=kind)
    return buffer.getvalue()


def test_a_logo_is_stored_under_the_extension_of_its_content(world: World) -> None:
    # As the admin's form takes it: the content checked, then saved.
    LogoForm = modelform_factory(Association, fields=["logo"])
    for name, kind, extension in (("evil.html", "PNG", "png"), ("logo.png", "JPEG", "jpg")):
        upload = SimpleUploadedFile(name, image(kind), "image/png")
        form = LogoForm(files={"logo": upload}, instance=world.ct)
        assert form.is_valid(), form.errors

        saved = form.save()

        assert re.fullmatch(rf"logos/[0-9a-f]{{32}}\.{extension}", saved.logo.name)
        with saved.logo.open("rb") as stored:
            assert stored.read() == image(kind)


def test_a_logo_saved_by_code_is_named_by_its_content_too(world: World) -> None:
    world.ct.logo.save("ct.html", io.BytesIO(image("PNG")), save=True)

    assert re.fullmatch(r"logos/[0-9a-f]{32}\.png", world.ct.logo.name)
